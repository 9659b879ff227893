"""The debugger example with its bug fixed: a count of zero is a bad request, not a crash."""

# --8<-- [start:import]
from flask import Flask, abort

# --8<-- [end:import]

app = Flask(__name__)
# A stand-in for a real secret. The debugger's console can read it: that is the danger.
app.config["SECRET_KEY"] = "dev-only-do-not-use"


@app.route("/")
def index() -> str:
    return 'Try <a href="/average/10/0">/average/10/0</a> to crash the app.'


# --8<-- [start:average]
@app.route("/average/<int:total>/<int:count>")
def average(total: int, count: int) -> str:
    if count == 0:
        abort(400, "The count must be at least 1.")
    return f"The average is {total / count:.2f}."


# --8<-- [end:average]
