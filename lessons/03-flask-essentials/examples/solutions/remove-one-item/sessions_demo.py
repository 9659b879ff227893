"""Flask's session: a visit counter and a tiny shopping basket kept in a signed cookie."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, abort, redirect, render_template_string, session, url_for

PRODUCTS = {"apple": "Apple", "bread": "Bread", "cheese": "Cheese"}

PAGE = """<!doctype html>
<title>Sessions demo</title>
<p>You have loaded this page {{ visits }} time(s).</p>
<h1>Shop</h1>
{% for key, label in products.items() %}
  <form method="post" action="{{ url_for('add_to_basket', item=key) }}">
    <button>Add {{ label }}</button>
  </form>
{% endfor %}
<h2>Your basket</h2>
<ul>
{% for key, count in basket.items() %}
  <li>{{ products[key] }} &times; {{ count }}
    {# --8<-- [start:button] #}
    <form method="post" action="{{ url_for('remove_from_basket', item=key) }}">
      <button>Remove one</button>
    </form>
    {# --8<-- [end:button] #}
  </li>
{% else %}
  <li>Your basket is empty.</li>
{% endfor %}
</ul>
<form method="post" action="{{ url_for('clear_basket') }}"><button>Empty basket</button></form>
{% if permanent %}
  <p>This browser will remember you for a week.</p>
{% else %}
  <form method="post" action="{{ url_for('remember_me') }}"><button>Remember me</button></form>
{% endif %}
<form method="post" action="{{ url_for('forget_me') }}"><button>Forget me</button></form>
"""


# --8<-- [start:config]
def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the shop; settings come from defaults, then FLASK_* variables, then tests."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev",  # only for your own machine: set FLASK_SECRET_KEY everywhere else
        PERMANENT_SESSION_LIFETIME=timedelta(days=7),
        SESSION_COOKIE_SAMESITE="Lax",
    )
    # FLASK_SECRET_KEY=... in the environment becomes app.config["SECRET_KEY"].
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.update(test_config)
    # --8<-- [end:config]

    # --8<-- [start:views]
    @app.get("/")
    def index() -> str:
        session["visits"] = session.get("visits", 0) + 1
        return render_template_string(
            PAGE,
            visits=session["visits"],
            basket=session.get("basket", {}),
            products=PRODUCTS,
            permanent=session.permanent,
        )

    @app.post("/add/<item>")
    def add_to_basket(item: str):
        if item not in PRODUCTS:
            abort(404)
        basket = dict(session.get("basket", {}))  # a copy...
        basket[item] = basket.get(item, 0) + 1
        session["basket"] = basket  # ...stored back, so Flask sees the change
        return redirect(url_for("index"))

    # --8<-- [start:remove]
    @app.post("/remove/<item>")
    def remove_from_basket(item: str):
        basket = dict(session.get("basket", {}))
        if item not in basket:
            abort(404)
        basket[item] -= 1
        if basket[item] <= 0:
            del basket[item]
        session["basket"] = basket
        return redirect(url_for("index"))

    # --8<-- [end:remove]

    @app.post("/clear")
    def clear_basket():
        session.pop("basket", None)
        return redirect(url_for("index"))

    @app.post("/remember-me")
    def remember_me():
        session.permanent = True  # the cookie now lasts PERMANENT_SESSION_LIFETIME
        return redirect(url_for("index"))

    @app.post("/forget-me")
    def forget_me():
        session.clear()  # an empty session makes Flask delete the cookie
        return redirect(url_for("index"))

    # --8<-- [end:views]

    return app


app = create_app()
