"""The toy framework with a third page, /about, which the framework calls, never the app.

Never use this for a real site: it exists only so you can read every line.
Run it from the repository root with::

    python lessons/01-web-frameworks/examples/toy_framework.py

and open http://127.0.0.1:8000/ in your browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from urllib.parse import parse_qs
from wsgiref.types import StartResponse, WSGIEnvironment


class Request:
    """The parts of an HTTP request that the toy framework understands."""

    def __init__(self, environ: WSGIEnvironment) -> None:
        self.method: str = environ["REQUEST_METHOD"]
        self.path: str = environ.get("PATH_INFO") or "/"
        query = parse_qs(environ.get("QUERY_STRING", ""))
        self.args: dict[str, str] = {key: values[0] for key, values in query.items()}


View = Callable[[Request], str]


class ToyFramework:
    """Maps URL paths to view functions and calls the right one for each request."""

    def __init__(self) -> None:
        self.routes: dict[str, View] = {}

    def route(self, path: str) -> Callable[[View], View]:
        """Register the decorated function as the view for ``path``."""

        def register(view: View) -> View:
            self.routes[path] = view
            return view

        return register

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point: the web server calls this once for every request."""
        request = Request(environ)
        view = self.routes.get(request.path)
        if view is None:
            status, body = "404 Not Found", "<h1>Not Found</h1>"
        else:
            status, body = "200 OK", view(request)  # The framework calls *your* function.
        data = body.encode("utf-8")
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(data))),
        ]
        start_response(status, headers)
        return [data]


app = ToyFramework()


@app.route("/")
def home(request: Request) -> str:
    return '<h1>Home</h1><p>Try <a href="/hello?name=Ada">/hello?name=Ada</a>.</p>'


@app.route("/hello")
def hello(request: Request) -> str:
    name = request.args.get("name", "World")
    return f"<p>Hello, {escape(name)}!</p>"


# --8<-- [start:about]
@app.route("/about")
def about(request: Request) -> str:
    return "<h1>About</h1><p>A toy framework.</p>"


# --8<-- [end:about]


if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    with make_server("127.0.0.1", 8000, app) as server:
        print("Serving on http://127.0.0.1:8000/ (press Ctrl+C to stop)")
        server.serve_forever()
