"""The site's pages, grouped in a blueprint that the factory registers."""

from flask import Blueprint, current_app, url_for

bp = Blueprint("pages", __name__)


@bp.route("/")
def home() -> str:
    about_url = url_for("pages.about")
    return f"Welcome to {current_app.config['SITE_NAME']}! Read the about page at {about_url}."


@bp.route("/about")
def about() -> str:
    return "This app was built by create_app()."
