"""Serving static files: the static folder, url_for('static', ...) and cache busting."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, render_template, url_for

# --8<-- [start:app]
app = Flask(__name__)  # serves the folder "static" next to this file at /static/...


@app.route("/")
def index() -> str:
    return render_template("static_demo/page.html")


# --8<-- [end:app]


# --8<-- [start:versioned]
@app.template_global()
def versioned_static(filename: str) -> str:
    """Build a static URL that changes whenever the file's content changes."""
    content = Path(app.static_folder, filename).read_bytes()
    version = hashlib.sha256(content).hexdigest()[:8]
    return url_for("static", filename=filename, v=version)


# --8<-- [end:versioned]


# --8<-- [start:custom]
# A second app that serves the same files from another folder and URL.
custom_app = Flask(
    __name__,
    static_folder="static/static_demo",  # where the files are on disk
    static_url_path="/assets",  # where they appear in URLs
)
# --8<-- [end:custom]
