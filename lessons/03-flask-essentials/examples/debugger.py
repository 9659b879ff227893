"""An app with a bug on purpose, to see the debugger (and what production shows instead)."""

from flask import Flask

app = Flask(__name__)
# A stand-in for a real secret. The debugger's console can read it: that is the danger.
app.config["SECRET_KEY"] = "dev-only-do-not-use"


@app.route("/")
def index() -> str:
    return 'Try <a href="/average/10/0">/average/10/0</a> to crash the app.'


@app.route("/average/<int:total>/<int:count>")
def average(total: int, count: int) -> str:
    result = total / count  # ZeroDivisionError when count is 0
    return f"The average is {result:.2f}."
