"""The notices, kept in each app's memory: enough for a demo, and gone on restart."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

#: A notice is a small dict, so that the API can return it as JSON as it is.
Notice = dict[str, Any]


def init_app(app: Flask) -> None:
    """Give ``app`` its own list of notices, with two to start with."""
    app.extensions["notices"] = [
        {"id": 1, "title": "Lost cat", "text": "Grey, answers to Pixel."},
        {"id": 2, "title": "Choir practice", "text": "Thursdays at seven, in the hall."},
    ]


def all_notices() -> list[Notice]:
    """Every notice of the current app, oldest first."""
    return current_app.extensions["notices"]


def get_notice(notice_id: int) -> Notice | None:
    """The notice with this id, or ``None``."""
    return next((notice for notice in all_notices() if notice["id"] == notice_id), None)


def add_notice(title: str, text: str) -> Notice:
    """Pin a new notice to the board and return it."""
    notices = all_notices()
    notice = {"id": max((n["id"] for n in notices), default=0) + 1, "title": title, "text": text}
    notices.append(notice)
    return notice
