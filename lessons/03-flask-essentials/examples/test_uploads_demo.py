"""Tests for uploads_demo.py, as the file uploads lesson writes them.

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_uploads_demo.py
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from uploads_demo import create_app


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    """A test client whose uploads go to a temporary folder (this file's own fixture)."""
    return create_app({"TESTING": True, "UPLOAD_FOLDER": str(tmp_path)}).test_client()


# --8<-- [start:upload]
def test_upload_a_text_file(client):
    data = {"file": (BytesIO(b"hello"), "notes.txt")}
    response = client.post("/", data=data)
    assert response.status_code in (302, 303)
    with client.get(response.location) as download:  # closes the file it sent
        assert download.data == b"hello"


# --8<-- [end:upload]


def test_a_forbidden_extension_is_refused(client):
    response = client.post("/", data={"file": (BytesIO(b"MZ"), "setup.exe")})
    assert response.status_code == 400
