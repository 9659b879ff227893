"""A JSON API for programs: the current user's bookmarks, with a bearer token per user."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, g, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .forms import BookmarkForm
from .models import Bookmark, User, db

bp = Blueprint("api", __name__, url_prefix="/api")


# --8<-- [start:auth]
def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``view`` only for a request with a valid ``Authorization: Bearer`` token.

    The user is in ``g.api_user``. Session cookies are ignored on purpose: a browser sends
    cookies by itself, so an API that accepted them would need CSRF protection again.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        auth = request.authorization
        if auth is None or auth.type != "bearer" or not auth.token:
            return unauthorized("Send your API token: Authorization: Bearer <token>.")
        user = User.from_api_token(auth.token)
        if user is None:
            return unauthorized("That API token is not valid.", error="invalid_token")
        g.api_user = user
        return view(*args, **kwargs)

    return wrapper


def unauthorized(message: str, error: str | None = None) -> tuple[Response, int]:
    """A 401 answer whose WWW-Authenticate header says which kind of credentials to send."""
    challenge = 'Bearer realm="linkbox"'
    if error:  # RFC 6750: an error code only when a token was sent
        challenge += f', error="{error}"'
    response = jsonify(error=message)
    response.headers["WWW-Authenticate"] = challenge
    return response, 401


# --8<-- [end:auth]


# --8<-- [start:views]
def as_json(bookmark: Bookmark) -> dict[str, Any]:
    """A bookmark as a JSON object."""
    created = bookmark.created_at
    if created.tzinfo is None:  # SQLite forgets the time zone; Linkbox stores UTC
        created = created.replace(tzinfo=UTC)
    return {
        "id": bookmark.id,
        "url": bookmark.url,
        "title": bookmark.title,
        "notes": bookmark.notes,
        "created_at": created.isoformat(),
    }


def own_bookmark(bookmark_id: int) -> Bookmark:
    """One of the token owner's bookmarks, or 404: others' bookmarks do not exist here."""
    return db.first_or_404(
        db.select(Bookmark).filter_by(id=bookmark_id, user_id=g.api_user.id),
        description="No such bookmark.",
    )


@bp.get("/bookmarks")
@token_required
def list_bookmarks() -> dict[str, Any]:
    """The token owner's bookmarks, newest first."""
    query = (
        db.select(Bookmark)
        .filter_by(user_id=g.api_user.id)
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    )
    return {"bookmarks": [as_json(bookmark) for bookmark in db.session.scalars(query)]}


@bp.post("/bookmarks")
@token_required
def create_bookmark() -> ResponseReturnValue:
    """Save a bookmark sent as JSON; the same rules as the web form apply."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {"error": "Send the bookmark as a JSON object of strings."}, 400
    form = BookmarkForm(meta={"csrf": False})  # Flask-WTF reads a JSON body too
    if not form.validate():
        return {"error": "The bookmark is not valid.", "fields": form.errors}, 400
    bookmark = Bookmark(
        url=form.url.data,
        title=form.title.data,
        notes=form.notes.data or "",
        user_id=g.api_user.id,
    )
    db.session.add(bookmark)
    db.session.commit()
    location = url_for("api.get_bookmark", bookmark_id=bookmark.id)
    return as_json(bookmark), 201, {"Location": location}


@bp.get("/bookmarks/<int:bookmark_id>")
@token_required
def get_bookmark(bookmark_id: int) -> dict[str, Any]:
    """One bookmark."""
    return as_json(own_bookmark(bookmark_id))


@bp.delete("/bookmarks/<int:bookmark_id>")
@token_required
def delete_bookmark(bookmark_id: int) -> tuple[str, int]:
    """Delete one bookmark; 204 No Content says it is gone."""
    db.session.delete(own_bookmark(bookmark_id))
    db.session.commit()
    return "", 204


# --8<-- [start:patch]
@bp.patch("/bookmarks/<int:bookmark_id>")
@token_required
def update_bookmark(bookmark_id: int) -> ResponseReturnValue:
    """Change some fields of a bookmark; the others keep their values."""
    bookmark = own_bookmark(bookmark_id)
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {"error": "Send the changes as a JSON object of strings."}, 400
    current = {"url": bookmark.url, "title": bookmark.title, "notes": bookmark.notes}
    form = BookmarkForm(formdata=MultiDict({**current, **data}), meta={"csrf": False})
    if not form.validate():
        return {"error": "The bookmark is not valid.", "fields": form.errors}, 400
    bookmark.url = form.url.data
    bookmark.title = form.title.data
    bookmark.notes = form.notes.data or ""
    db.session.commit()
    return as_json(bookmark)


# --8<-- [end:patch]


# --8<-- [end:views]


# --8<-- [start:errors]
def json_errors(error: HTTPException) -> HTTPException | Response:
    """Under /api/, answer errors in JSON; elsewhere, keep Flask's HTML error pages."""
    if not request.path.startswith(bp.url_prefix or "/api"):
        return error
    response = error.get_response()  # keeps headers such as Allow and Retry-After
    response.data = json.dumps({"error": error.description})
    response.content_type = "application/json"
    return response


def init_app(app: Flask) -> None:
    """Answer the API's errors, including 404 and 405 for its URLs, in JSON."""
    app.register_error_handler(HTTPException, json_errors)


# --8<-- [end:errors]
