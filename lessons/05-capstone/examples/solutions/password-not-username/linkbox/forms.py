"""Linkbox's forms, and the CSRF protection that guards every POST request."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import (
    BooleanField,
    PasswordField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, EqualTo, Length, Regexp, ValidationError

from .models import User, db

# --8<-- [start:csrf]
#: Checks the CSRF token of every POST, including forms that have no FlaskForm class.
csrf = CSRFProtect()
# --8<-- [end:csrf]


# --8<-- [start:bookmark]
class BookmarkForm(FlaskForm):
    """The form on the "Add a bookmark" page."""

    url = URLField("Address", validators=[DataRequired(), Length(max=2000), URL()])
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    notes = TextAreaField("Notes", validators=[Length(max=2000)])
    submit = SubmitField("Save")

    def validate_url(self, field: URLField) -> None:
        """Accept only web addresses: a ``javascript:`` link must never reach a page."""
        scheme = urlsplit(field.data).scheme.lower()
        if scheme and scheme not in {"http", "https"}:  # no scheme at all: URL() complains
            raise ValidationError("Only http:// and https:// addresses can be saved.")


# --8<-- [end:bookmark]


# --8<-- [start:signup]
class SignupForm(FlaskForm):
    """The form on the "Sign up" page."""

    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Length(min=3, max=80),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '.', '_' or '-'."),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=8)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Create my account")

    def validate_username(self, field: StringField) -> None:
        """Refuse a username that someone already has."""
        taken = db.session.scalar(db.select(User).filter_by(username=field.data))
        if taken is not None:
            raise ValidationError("That username is taken; please choose another.")

    # --8<-- [start:password]
    def validate_password(self, field: PasswordField) -> None:
        """Refuse a password that is just the username."""
        if self.username.data and field.data.lower() == self.username.data.lower():
            raise ValidationError("Your password must not be your username.")

    # --8<-- [end:password]


# --8<-- [end:signup]


# --8<-- [start:login]
class LoginForm(FlaskForm):
    """The form on the "Log in" page."""

    username = StringField(
        "Username", validators=[DataRequired()], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        "Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField("Keep me logged in on this computer")
    submit = SubmitField("Log in")


# --8<-- [end:login]
