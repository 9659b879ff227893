"""A book club's reviews, cached three ways: headers, ETags, and a cache in the server."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import (
    Flask,
    Response,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)


# --8<-- [start:cache]
class TTLCache:
    """Remember values for ``seconds`` seconds, in this process's memory."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock  # tests pass a fake clock instead of waiting
        self._items: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or ``None`` if there is none or it has expired."""
        item = self._items.get(key)
        if item is None:
            return None
        expires, value = item
        if self.clock() >= expires:
            del self._items[key]
            return None
        return value

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` until ``seconds`` from now."""
        self._items[key] = (self.clock() + self.seconds, value)

    def delete(self, key: str) -> None:
        """Forget ``key`` now, if it is stored."""
        self._items.pop(key, None)


# --8<-- [end:cache]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the book club app; ``test_config`` overrides the default settings."""
    app = Flask(__name__)
    app.config.from_mapping(REPORT_CACHE_SECONDS=5 * 60)
    if test_config is not None:
        app.config.update(test_config)

    # Each app gets its own reviews and its own cache, so tests never share them.
    reviews: list[dict[str, Any]] = [
        {"book": "Middlemarch", "stars": 5},
        {"book": "Middlemarch", "stars": 4},
        {"book": "Dune", "stars": 3},
    ]
    cache = TTLCache(app.config["REPORT_CACHE_SECONDS"])
    app.extensions["report_cache"] = cache
    app.extensions["report_builds"] = 0  # how many times the report was computed

    # --8<-- [start:about]
    @app.get("/about")
    def about() -> Response:
        response = make_response(render_template("caching_demo/about.html"))
        response.cache_control.public = True  # any cache may keep it...
        response.cache_control.max_age = 24 * 60 * 60  # ...and use it for a day, unasked
        return response

    # --8<-- [end:about]

    # --8<-- [start:index]
    @app.get("/")
    def index() -> Response:
        response = make_response(render_template("caching_demo/index.html", reviews=reviews))
        response.cache_control.no_cache = True  # keep a copy, but ask before using it
        response.add_etag()  # a tag computed from the page's content
        return response.make_conditional(request)  # 304 if the browser has this tag

    @app.post("/reviews")
    def add_review() -> Response | tuple[str, int]:
        book = request.form.get("book", "").strip()
        stars = request.form.get("stars", type=int)
        if not book or stars not in range(1, 6):
            return "A review needs a book and 1 to 5 stars.", 400
        reviews.append({"book": book, "stars": stars})
        return redirect(url_for("index"))

    # --8<-- [end:index]

    # --8<-- [start:json]
    @app.get("/reviews.json")
    def reviews_json() -> Response:
        # Reviews are only ever added, so their number is a version of the list.
        etag = f"reviews-{len(reviews)}"
        if request.if_none_match.contains_weak(etag):
            response = Response(status=304)  # the browser's copy is current: build nothing
        else:
            response = jsonify(reviews=reviews)
        response.set_etag(etag)
        response.cache_control.no_cache = True
        return response

    # --8<-- [end:json]

    # --8<-- [start:report]
    def build_report() -> dict[str, Any]:
        """The expensive part: imagine a slow query over a million reviews."""
        app.extensions["report_builds"] += 1
        stars_by_book: dict[str, list[int]] = {}
        for review in reviews:
            stars_by_book.setdefault(review["book"], []).append(review["stars"])
        averages = {book: sum(stars) / len(stars) for book, stars in stars_by_book.items()}
        return {"count": len(reviews), "averages": dict(sorted(averages.items()))}

    @app.get("/report")
    def report() -> str:
        data = cache.get("report")
        if data is None:  # not computed yet, or expired
            data = build_report()
            cache.set("report", data)
        return render_template("caching_demo/report.html", report=data)

    # --8<-- [end:report]

    return app
