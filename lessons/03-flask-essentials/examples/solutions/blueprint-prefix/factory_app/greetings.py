from flask import Blueprint

bp = Blueprint("greetings", __name__)


@bp.route("/")
def hello() -> str:
    return "Hi there!"
