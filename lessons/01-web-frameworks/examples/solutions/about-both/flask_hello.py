"""The Flask Hello, World! with an /about page: four new lines, nothing else changed.

Run it from the repository root with::

    flask --app lessons/01-web-frameworks/examples/flask_hello.py run --debug

and open http://127.0.0.1:5000/?name=Ada in your browser.
"""

from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    name = request.args.get("name", "World")
    return f"<p>Hello, {escape(name)}!</p>"


# --8<-- [start:about]
@app.get("/about")
def about() -> str:
    return "<p>About this app</p>"


# --8<-- [end:about]
