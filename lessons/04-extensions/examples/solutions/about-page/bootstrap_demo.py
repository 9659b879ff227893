"""Bootstrap 5 styling with Bootstrap-Flask.

Run it with ``flask --app lessons/04-extensions/examples/bootstrap_demo.py run --debug``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, redirect, render_template, url_for
from flask_bootstrap import Bootstrap5
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

bootstrap = Bootstrap5()


class JoinForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=40)])
    submit = SubmitField("Join the club")


# --8<-- [start:factory]
def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev",  # needed by the form's CSRF token; use a real secret in production
        BOOTSTRAP_SERVE_LOCAL=False,  # True: serve Bootstrap's files from this app, not a CDN
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    bootstrap.init_app(app)

    @app.get("/")
    def index() -> str:
        return render_template("bootstrap_demo/index.html")

    # --8<-- [start:about]
    @app.get("/about")
    def about() -> str:
        return render_template("bootstrap_demo/about.html")

    # --8<-- [end:about]

    @app.route("/join", methods=["GET", "POST"])
    def join() -> str | Response:
        form = JoinForm()
        if form.validate_on_submit():
            flash(f"Welcome aboard, {form.name.data}!", "success")
            return redirect(url_for("index"))
        return render_template("bootstrap_demo/join.html", form=form)

    return app


# --8<-- [end:factory]

app = create_app()
