"""A workshop sign-up form built with Flask-WTF, protected against CSRF.

Run it with ``flask --app lessons/04-extensions/examples/forms_demo.py run --debug``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, redirect, render_template, url_for
from flask_wtf import CSRFProtect, FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

# --8<-- [start:setup]
csrf = CSRFProtect()

# --8<-- [end:setup]

#: Stands in for a database until the Flask-SQLAlchemy lesson.
signups: list[dict[str, str]] = []


# --8<-- [start:form]
class SignupForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=50)])
    email = StringField(
        "Email",
        validators=[
            DataRequired(),
            Length(max=120),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an address like ada@example.com."),
        ],
    )
    level = SelectField("Experience", choices=["New to Python", "Some Python", "Lots of Python"])
    comments = TextAreaField("Anything we should know?", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Sign me up")

    # --8<-- [start:reserved]
    def validate_name(self, field: StringField) -> None:
        if field.data.strip().lower() == "admin":
            raise ValidationError("That name is reserved.")

    # --8<-- [end:reserved]


# --8<-- [end:form]


# --8<-- [start:factory]
def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev")  # signs the session and the CSRF token
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... overrides it in production
    if test_config is not None:
        app.config.from_mapping(test_config)

    csrf.init_app(app)  # reject every POST without a valid token with 400 Bad Request
    # --8<-- [end:factory]

    # --8<-- [start:views]
    @app.route("/", methods=["GET", "POST"])
    def signup() -> str | Response:
        form = SignupForm()
        if form.validate_on_submit():  # a POST whose data passed every validator
            signups.append(
                {
                    "name": form.name.data,
                    "email": form.email.data,
                    "level": form.level.data,
                    "comments": form.comments.data,
                }
            )
            flash(f"Thanks, {form.name.data}! You're on the list.")
            return redirect(url_for("signup_list"))  # POST/redirect/GET
        return render_template("forms_demo/signup.html", form=form)  # GET, or errors

    @app.get("/signups")
    def signup_list() -> str:
        return render_template("forms_demo/signups.html", signups=signups)

    # --8<-- [end:views]

    return app


app = create_app()
