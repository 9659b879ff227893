from flask import Flask

app = Flask(__name__)


# --8<-- [start:view]
@app.route("/")
def index():
    return "Hello"


# --8<-- [end:view]
