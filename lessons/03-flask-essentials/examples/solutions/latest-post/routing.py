"""Routing in Flask: URL rules, converters, methods, url_for, redirects and errors."""

from __future__ import annotations

from uuid import UUID

from flask import Flask, abort, redirect, request, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

app = Flask(__name__)

POSTS = {1: "Hello, Flask", 2: "Routing is just a lookup table"}
NOTES: list[str] = []


# --8<-- [start:basics]
@app.route("/")
def index() -> str:
    return "Home page"


@app.route("/about")
def about() -> str:
    return "About this site"


# --8<-- [end:basics]


# --8<-- [start:variables]
@app.route("/users/<username>")
def show_user(username: str) -> str:
    # escape() makes "<" harmless, so a crafted URL cannot inject HTML.
    return f"Profile of {escape(username)}"


@app.route("/posts/<int:post_id>")
def show_post(post_id: int) -> str:
    if post_id not in POSTS:
        abort(404)
    return f"Post {post_id}: {POSTS[post_id]}"


@app.route("/price/<float:amount>")
def show_price(amount: float) -> str:
    return f"With 20% tax: {amount * 1.2:.2f}"


@app.route("/files/<path:subpath>")
def show_file(subpath: str) -> str:
    return f"You asked for the file {escape(subpath)}"


@app.route("/orders/<uuid:order_id>")
def show_order(order_id: UUID) -> str:
    return f"Order {order_id} (version {order_id.version} UUID)"


# --8<-- [end:variables]


# --8<-- [start:methods]
@app.get("/notes")
def list_notes() -> dict[str, list[str]]:
    return {"notes": NOTES}


@app.post("/notes")
def add_note() -> Response:
    NOTES.append(request.form["text"])
    return redirect(url_for("list_notes"))


@app.route("/contact", methods=["GET", "POST"])
def contact() -> str:
    if request.method == "POST":
        return "Thanks for your message!"
    return "Send us a message with a POST request."


# --8<-- [end:methods]


# --8<-- [start:url_for]
@app.route("/links")
def links() -> dict[str, str]:
    return {
        "about": url_for("about"),
        "ada": url_for("show_user", username="ada"),
        "post": url_for("show_post", post_id=2),
        "ada_posts_tab": url_for("show_user", username="ada", tab="posts"),
        "about_absolute": url_for("about", _external=True),
    }


@app.route("/old-about")
def old_about() -> Response:
    return redirect(url_for("about"))


# --8<-- [end:url_for]


# --8<-- [start:slashes]
@app.route("/projects/")
def projects() -> str:
    return "The projects folder"


@app.route("/faq")
def faq() -> str:
    return "A page, not a folder"


# --8<-- [end:slashes]


# --8<-- [start:errors]
@app.errorhandler(404)
def page_not_found(error: HTTPException) -> tuple[str, int]:
    return "Sorry, there is nothing at this address.", 404


# --8<-- [end:errors]


# --8<-- [start:latest]
@app.route("/latest")
def latest() -> Response:
    return redirect(url_for("show_post", post_id=max(POSTS)))


# --8<-- [end:latest]
