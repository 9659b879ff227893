"""The same Hello, World! as raw_wsgi_hello.py, written with Flask.

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
