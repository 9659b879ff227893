"""The smallest Flask app with a second page, /about."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"


# --8<-- [start:about]
@app.route("/about")
def about() -> str:
    return "This is my first Flask app."


# --8<-- [end:about]
