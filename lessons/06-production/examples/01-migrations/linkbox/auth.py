"""Accounts: signing up, logging in and logging out, with Flask-Login."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .forms import LoginForm, SignupForm
from .models import User, db

bp = Blueprint("auth", __name__, url_prefix="/auth")


# --8<-- [start:manager]
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see your bookmarks."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Turn the user id stored in the session back into a ``User``, or ``None``."""
    return db.session.get(User, int(user_id))


def init_app(app: Flask) -> None:
    """Let Flask-Login manage who is logged in to ``app``."""
    login_manager.init_app(app)


# --8<-- [end:manager]


# --8<-- [start:signup]
@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response:
    """Show the sign-up form; create the account and log it in when the form is valid."""
    if current_user.is_authenticated:
        return redirect(url_for("bookmarks.index"))
    form = SignupForm()
    if form.validate_on_submit():
        user = User(username=form.username.data, email=form.email.data)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.commit()
        login_user(user)
        flash(f"Welcome to Linkbox, {user.username}!", "success")
        return redirect(url_for("bookmarks.index"))
    return render_template("auth/signup.html", form=form)


# --8<-- [end:signup]


# --8<-- [start:login]
@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Show the login form; log the user in when the name and password match."""
    if current_user.is_authenticated:
        return redirect(url_for("bookmarks.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data))
        if user is not None and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("bookmarks.index"))
        flash("Wrong username or password.", "error")
    return render_template("auth/login.html", form=form)


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, such as ``/add``, else ``None``.

    Redirecting to any address found in the query string would let a crafted link send
    people to another site right after they log in (an "open redirect").
    """
    if not target:
        return None
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target


# --8<-- [end:login]


# --8<-- [start:logout]
@bp.post("/logout")
@login_required
def logout() -> Response:
    """Forget who is logged in. A POST with a CSRF token, so no other site can do it."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


# --8<-- [end:logout]
