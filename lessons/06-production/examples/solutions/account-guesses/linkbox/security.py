"""Security headers on every response, and a small rate limiter for the forms guessers love."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app, request
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

# --8<-- [start:headers]
#: What the browser may load and do on Linkbox's pages. Everything comes from Linkbox
#: itself ('self'); Bootstrap's stylesheet draws a few icons from data: URLs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response: Response) -> Response:
    """Add the security headers to every response, unless a view set its own."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    seconds = current_app.config["HSTS_SECONDS"]
    if request.is_secure and seconds:
        # Only over HTTPS: "from now on, come back over HTTPS only, for this long".
        headers.setdefault("Strict-Transport-Security", f"max-age={seconds}")
    return response


# --8<-- [end:headers]


# --8<-- [start:limiter]
class RateLimiter:
    """Allow each key (a client's address) at most ``limit`` hits in any ``period`` seconds.

    The hits are kept in this process's memory: see the lesson for what that means.
    """

    def __init__(
        self, limit: int, period: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.period = period
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._next_sweep = 0.0
        self._lock = threading.Lock()  # a server may run several threads

    def hit(self, key: str) -> bool:
        """Record a hit for ``key``; return ``False`` if it is one too many."""
        now = self.clock()
        with self._lock:
            self._sweep(now)
            hits = self._recent(key, now)
            if len(hits) >= self.limit:
                return False  # refused hits are not recorded: waiting is enough
            hits.append(now)
            return True

    def retry_after(self, key: str) -> int:
        """Whole seconds until ``key`` may hit again (0 if it may now)."""
        now = self.clock()
        with self._lock:
            hits = self._recent(key, now)
            if len(hits) < self.limit:
                return 0
            return max(1, math.ceil(hits[0] + self.period - now))

    def _recent(self, key: str, now: float) -> deque[float]:
        """The times of ``key``'s hits within the last period, oldest first."""
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.period:
            hits.popleft()
        return hits

    def _sweep(self, now: float) -> None:
        """Once per period, forget the keys with no recent hit, so memory stays small."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.period
        stale = [
            key for key, hits in self._hits.items() if not hits or hits[-1] <= now - self.period
        ]
        for key in stale:
            del self._hits[key]


# --8<-- [end:limiter]


# --8<-- [start:decorator]
def rate_limited(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 429 Too Many Requests when one address POSTs to ``view`` too often."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method == "POST":
            limiter = _limiter_for(request.endpoint)
            key = request.remote_addr or "unknown"
            if not limiter.hit(key):
                raise TooManyRequests(
                    "Too many attempts from your address. Please wait a little and try again.",
                    retry_after=limiter.retry_after(key),
                )
        return view(*args, **kwargs)

    return wrapper


def _limiter_for(endpoint: str | None) -> RateLimiter:
    """The app's limiter for one view, made on its first use."""
    limiters = current_app.extensions["rate_limiters"]
    if endpoint not in limiters:
        config = current_app.config
        limiters[endpoint] = RateLimiter(
            config["RATE_LIMIT_ATTEMPTS"], config["RATE_LIMIT_SECONDS"]
        )
    return limiters[endpoint]


# --8<-- [end:decorator]


# --8<-- [start:account-guesses]
def account_guesses() -> RateLimiter:
    """The app's limiter of wrong passwords per account: 10 in 15 minutes."""
    limiters = current_app.extensions["rate_limiters"]
    if "account-guesses" not in limiters:
        limiters["account-guesses"] = RateLimiter(10, 15 * 60)
    return limiters["account-guesses"]


# --8<-- [end:account-guesses]


def init_app(app: Flask) -> None:
    """Add the headers to every response of ``app`` and give it its own rate limiters."""
    app.after_request(set_security_headers)
    app.extensions["rate_limiters"] = {}
