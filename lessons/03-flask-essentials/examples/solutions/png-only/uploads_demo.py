"""File uploads: request.files, secure_filename, a size limit, and serving the files back.

Run it from the repository root with::

    flask --app lessons/03-flask-essentials/examples/uploads_demo.py run --debug

Uploaded files are stored in the instance folder, outside the static folder.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, redirect, render_template, request, send_from_directory, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

# --8<-- [start:config]
ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "txt"}
# --8<-- [start:signature]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # the first eight bytes of every PNG file
# --8<-- [end:signature]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        UPLOAD_FOLDER=str(Path(app.instance_path) / "uploads"),  # not under static/
        MAX_CONTENT_LENGTH=1024 * 1024,  # refuse requests bigger than 1 MB with a 413
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    upload_folder = Path(app.config["UPLOAD_FOLDER"])
    upload_folder.mkdir(parents=True, exist_ok=True)
    # --8<-- [end:config]

    def page(error: str | None = None, status: int = 200) -> tuple[str, int]:
        files = sorted(path.name for path in upload_folder.iterdir() if path.is_file())
        return render_template("uploads_demo/index.html", files=files, error=error), status

    @app.get("/")
    def index() -> tuple[str, int]:
        return page()

    # --8<-- [start:upload]
    @app.post("/")
    def upload():
        file = request.files.get("file")
        if file is None or file.filename == "":
            return page("Choose a file first.", 400)
        filename = secure_filename(file.filename)
        if not allowed_file(filename):
            return page("Only .png, .jpg, .jpeg, .gif and .txt files are allowed.", 400)
        # --8<-- [start:png]
        if filename.lower().endswith(".png"):
            header = file.stream.read(len(PNG_SIGNATURE))
            file.stream.seek(0)  # or save() would store the file without its first bytes
            if header != PNG_SIGNATURE:
                return page("That file is not a PNG image.", 400)
        # --8<-- [end:png]
        # A random prefix keeps two uploads called "photo.jpg" from overwriting each other.
        stored_name = f"{uuid.uuid4().hex[:8]}-{filename}"
        file.save(upload_folder / stored_name)
        return redirect(url_for("uploaded_file", name=stored_name))

    # --8<-- [end:upload]

    # --8<-- [start:serve]
    @app.get("/uploads/<path:name>")
    def uploaded_file(name: str):
        # send_from_directory refuses names that would leave the folder (404).
        return send_from_directory(app.config["UPLOAD_FOLDER"], name)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        return page("That file is too big: the limit is 1 MB.", 413)

    # --8<-- [end:serve]

    return app


# --8<-- [start:allowed]
def allowed_file(filename: str) -> bool:
    """True if the name has one of the allowed extensions, in any case: "Cat.JPG" is fine."""
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


# --8<-- [end:allowed]
