"""The set-up app with a second page, /python, that answers with the Python version alone.

Run it from the repository root with::

    flask --app lessons/01-web-frameworks/examples/ready.py run --debug

and open http://127.0.0.1:5000/ in your browser.
"""

from __future__ import annotations

import platform
import sys
from importlib.metadata import version

from flask import Flask
from markupsafe import escape

app = Flask(__name__)


@app.get("/")
def ready() -> str:
    return (
        "<h1>Ready for the course</h1>"
        f"<p>Python {platform.python_version()}, from {escape(sys.prefix)}</p>"
        f"<p>Flask {version('flask')}</p>"
    )


# --8<-- [start:python]
@app.get("/python")
def python_version() -> str:
    return platform.python_version()


# --8<-- [end:python]
