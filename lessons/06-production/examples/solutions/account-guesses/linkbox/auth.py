"""Accounts: signing up, logging in and out with Flask-Login, and resetting a password."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from .forms import ForgotPasswordForm, LoginForm, ResetPasswordForm, SignupForm
from .mail import send_email
from .models import User, db
from .security import account_guesses, rate_limited

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
@rate_limited
def login() -> str | Response:
    """Show the login form; log the user in when the name and password match."""
    if current_user.is_authenticated:
        return redirect(url_for("bookmarks.index"))
    form = LoginForm()
    # --8<-- [start:guesses]
    if form.validate_on_submit():
        name = form.username.data.lower()
        guesses = account_guesses()
        if wait := guesses.retry_after(name):
            raise TooManyRequests(
                "Too many wrong passwords for this account. Please try again later.",
                retry_after=wait,
            )
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data))
        if user is not None and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            flash("You are logged in.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("bookmarks.index"))
        guesses.hit(name)
        flash("Wrong username or password.", "error")
    # --8<-- [end:guesses]
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


# --8<-- [start:tokens]
def _reset_serializer() -> URLSafeTimedSerializer:
    """Signs with SECRET_KEY; the salt keeps these tokens apart from anything else signed."""
    return URLSafeTimedSerializer(current_app.secret_key, salt="linkbox.password-reset")


def _fingerprint(user: User) -> str:
    """A short digest of the stored password hash: it changes whenever the password does."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    """A signed, timestamped token naming the user and their current password."""
    return _reset_serializer().dumps({"user": user.id, "password": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user a token was made for, or ``None`` if it is forged, expired or used."""
    max_age = current_app.config["RESET_TOKEN_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except BadData:  # a wrong signature, a damaged token, or SignatureExpired
        return None
    user = db.session.get(User, data["user"])
    if user is None or data["password"] != _fingerprint(user):
        return None  # the password changed since: the link was used already
    return user


# --8<-- [end:tokens]


# --8<-- [start:forgot]
@bp.route("/forgot", methods=["GET", "POST"])
@rate_limited
def forgot_password() -> str | Response:
    """Email a reset link to the address, if an account has it; say the same either way."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(email=form.email.data))
        if user is not None:
            send_reset_email(user)
        flash(
            "If an account has that address, we have sent it a link to choose a new"
            " password. Please check your inbox.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def send_reset_email(user: User) -> None:
    """Send ``user`` a link that lets them choose a new password."""
    link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    body = render_template("email/reset_password.txt", user=user, link=link, minutes=minutes)
    send_email(user.email, "Reset your Linkbox password", body)


# --8<-- [end:forgot]


# --8<-- [start:reset]
@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    """Let the owner of a valid token choose a new password."""
    user = user_for_reset_token(token)
    if user is None:
        flash("That link is invalid or has expired. Please ask for a new one.", "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        db.session.commit()
        flash("Your password has been changed. Please log in with the new one.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


# --8<-- [end:reset]
