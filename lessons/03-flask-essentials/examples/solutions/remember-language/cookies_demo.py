"""Cookies in Flask: a plain preference cookie and a signed "remember my name" cookie."""

from __future__ import annotations

from flask import Flask, abort, redirect, render_template_string, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

app = Flask(__name__)
# A fixed key is fine for a demo on your own machine. Lesson 10 shows how to make a real one.
app.config["SECRET_KEY"] = "dev-only-not-secret"

THEMES = ("light", "dark")
LANGUAGES = ("en", "fr", "de")
THEME_MAX_AGE = 60 * 60 * 24 * 30  # 30 days, in seconds
NAME_MAX_AGE = 60 * 60 * 24 * 7  # 7 days, in seconds

PAGE = """<!doctype html>
<title>Cookies demo</title>
<p>Language: <strong>{{ lang }}</strong></p>
<p>Your theme is <strong>{{ theme }}</strong>.
  Switch to:
  {% for choice in themes %}
    <a href="{{ url_for('set_theme', theme=choice) }}">{{ choice }}</a>
  {% endfor %}
</p>
{% if name %}
  <p>Welcome back, {{ name }}!</p>
{% else %}
  <form method="post" action="{{ url_for('remember_name') }}">
    <label>Your name <input name="name" required maxlength="40"></label>
    <button>Remember me</button>
  </form>
{% endif %}
<p><a href="{{ url_for('forget') }}">Forget everything</a></p>
"""


# --8<-- [start:plain]
# --8<-- [start:index]
@app.get("/")
def index() -> str:
    theme = request.cookies.get("theme", "light")
    if theme not in THEMES:  # the browser may send anything: never trust a cookie
        theme = "light"
    lang = request.cookies.get("lang", "en")
    if lang not in LANGUAGES:
        lang = "en"
    return render_template_string(
        PAGE, theme=theme, themes=THEMES, name=read_signed_name(), lang=lang
    )


# --8<-- [end:index]


@app.get("/theme/<theme>")
def set_theme(theme: str):
    if theme not in THEMES:
        abort(404)
    response = redirect(url_for("index"))
    response.set_cookie(
        "theme",
        theme,
        max_age=THEME_MAX_AGE,  # keep it for 30 days; without this it dies with the browser
        httponly=True,  # JavaScript on the page cannot read it
        secure=request.is_secure,  # only over HTTPS when the page itself came over HTTPS
        samesite="Lax",  # not sent along with most requests started by other sites
    )
    return response


@app.get("/forget")
def forget():
    response = redirect(url_for("index"))
    response.delete_cookie("theme")
    response.delete_cookie("name")
    return response


# --8<-- [end:plain]


# --8<-- [start:language]
@app.get("/lang/<code>")
def set_language(code: str):
    if code not in LANGUAGES:
        abort(404)
    response = redirect(url_for("index"))
    response.set_cookie(
        "lang",
        code,
        max_age=60 * 60 * 24 * 365,  # one year, in seconds
        httponly=True,
        secure=request.is_secure,
        samesite="Lax",
    )
    return response


# --8<-- [end:language]


# --8<-- [start:signed]
def name_serializer() -> URLSafeTimedSerializer:
    """Signs and checks values with the app's secret key; the salt keeps uses apart."""
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="remember-name")


@app.post("/remember")
def remember_name():
    name = request.form.get("name", "").strip()[:40]
    if not name:
        abort(400)
    response = redirect(url_for("index"))
    response.set_cookie(
        "name",
        name_serializer().dumps(name),
        max_age=NAME_MAX_AGE,
        httponly=True,
        secure=request.is_secure,
        samesite="Lax",
    )
    return response


def read_signed_name() -> str | None:
    """The name from the signed cookie, or None if it is missing, changed or too old."""
    token = request.cookies.get("name")
    if token is None:
        return None
    try:
        return name_serializer().loads(token, max_age=NAME_MAX_AGE)
    except BadSignature:  # also catches SignatureExpired, which is a subclass
        return None


# --8<-- [end:signed]
