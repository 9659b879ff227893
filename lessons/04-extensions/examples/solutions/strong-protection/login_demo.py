"""Logging users in and out with Flask-Login.

Run it with ``flask --app lessons/04-extensions/examples/login_demo.py run --debug``
and log in as ``ada`` with the password ``analytical-engine``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response

# --8<-- [start:setup]
login_manager = LoginManager()
login_manager.login_view = "login"  # where @login_required sends anonymous visitors
login_manager.login_message = "Please log in to see that page."
# --8<-- [end:setup]


# --8<-- [start:users]
class User(UserMixin):
    """A user; UserMixin adds is_authenticated, is_active and get_id()."""

    def __init__(self, id: str, username: str, password_hash: str) -> None:
        self.id = id
        self.username = username
        self.password_hash = password_hash

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


#: Users by id. A real app keeps them in a database table.
users: dict[str, User] = {}


def add_user(username: str, password: str) -> User:
    """Store a new user with a hash of the password, never the password itself."""
    user = User(str(len(users) + 1), username, generate_password_hash(password))
    users[user.id] = user
    return user


def find_user(username: str) -> User | None:
    return next((user for user in users.values() if user.username == username), None)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Turn the id stored in the session back into a User (None if it is gone)."""
    return users.get(user_id)


add_user("ada", "analytical-engine")
# --8<-- [end:users]


def safe_next(target: str | None) -> str | None:
    """Return ``target`` only if it is a path on this site, so we never redirect elsewhere."""
    if not target:
        return None
    target = target.replace("\\", "/")  # some browsers read a backslash as a slash
    parts = urlsplit(target)  # also drops tabs and newlines, as browsers do
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev",  # signs the session and the remember cookie: keep it secret
        REMEMBER_COOKIE_DURATION=timedelta(days=14),
        # --8<-- [start:strong]
        SESSION_PROTECTION="strong",  # another browser's request logs the user out
        # --8<-- [end:strong]
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    login_manager.init_app(app)

    @app.get("/")
    def index() -> str:
        return render_template("login_demo/index.html")

    # --8<-- [start:views]
    @app.route("/login", methods=["GET", "POST"])
    def login() -> str | Response:
        if current_user.is_authenticated:  # already logged in: nothing to do here
            return redirect(url_for("index"))
        if request.method == "POST":
            user = find_user(request.form.get("username", ""))
            if user is not None and user.check_password(request.form.get("password", "")):
                login_user(user, remember="remember" in request.form)
                flash(f"Welcome back, {user.username}!")
                return redirect(safe_next(request.args.get("next")) or url_for("index"))
            flash("Wrong username or password.")  # don't say which one was wrong
        return render_template("login_demo/login.html")

    @app.get("/secret")
    @login_required
    def secret() -> str:
        return render_template("login_demo/secret.html")

    @app.post("/logout")
    @login_required
    def logout() -> Response:
        logout_user()
        flash("You have been logged out.")
        return redirect(url_for("index"))

    # --8<-- [end:views]

    return app


app = create_app()
