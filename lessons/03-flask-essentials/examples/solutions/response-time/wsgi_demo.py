"""The WSGI example with a second middleware that times every request."""

from __future__ import annotations

# --8<-- [start:import]
import time

# --8<-- [end:import]
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

# The two types every WSGI callable deals with, spelled out for readers.
Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def hello_wsgi(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """The smallest useful WSGI application: no framework at all."""
    path = environ.get("PATH_INFO", "/")
    body = f"Hello from plain WSGI! You asked for {path}\n".encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
    ]
    start_response("200 OK", headers)
    return [body]


class AddHeaderMiddleware:
    """Wrap any WSGI app and add one header to every response it sends."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], name: str, value: str) -> None:
        self.wsgi_app = wsgi_app
        self.header = (name, value)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        def start_response_with_header(status: str, headers: list, exc_info: Any = None) -> Any:
            headers.append(self.header)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_response_with_header)


# --8<-- [start:timing]
class TimingMiddleware:
    """Add an X-Response-Time header to every response."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()

        def timed_start_response(status, headers, exc_info=None):
            elapsed = (time.perf_counter() - started) * 1000
            headers.append(("X-Response-Time", f"{elapsed:.2f}ms"))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed_start_response)


# --8<-- [end:timing]


app = Flask(__name__)


@app.get("/")
def index() -> str:
    return f"Hello from Flask! scheme={request.scheme} client={request.remote_addr}"


# Wrap the inner WSGI app, not `app` itself, so `app` stays a Flask object.
app.wsgi_app = AddHeaderMiddleware(app.wsgi_app, "X-Course", "flask-essentials")
# Trust one proxy in front of us to tell us the client's address and scheme.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
# --8<-- [start:wrap]
app.wsgi_app = TimingMiddleware(app.wsgi_app)
# --8<-- [end:wrap]
