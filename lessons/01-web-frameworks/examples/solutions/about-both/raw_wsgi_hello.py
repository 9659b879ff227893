"""The raw WSGI Hello, World! with an /about page: the routing had to be restructured.

Run it from the repository root with::

    python lessons/01-web-frameworks/examples/raw_wsgi_hello.py

and open http://127.0.0.1:8000/?name=Ada in your browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import parse_qs
from wsgiref.types import StartResponse, WSGIEnvironment


def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    """Answer one HTTP request; a WSGI server calls this for every request it receives."""
    extra_headers: list[tuple[str, str]] = []

    # 1. Routing: we compare the path and the method by hand.
    # --8<-- [start:routing]
    path = environ.get("PATH_INFO", "/")
    if path not in ("/", "/about"):
        status, body = "404 Not Found", "<h1>Not Found</h1>"
    elif environ["REQUEST_METHOD"] != "GET":
        status, body = "405 Method Not Allowed", "<h1>Method Not Allowed</h1>"
        extra_headers.append(("Allow", "GET"))
    elif path == "/about":
        status, body = "200 OK", "<p>About this app</p>"
    else:
        # 2. Parsing the request: the query string arrives as one raw string.
        query = parse_qs(environ.get("QUERY_STRING", ""))
        name = query.get("name", ["World"])[0]
        # 3. Security: we must remember to escape anything the visitor typed.
        status, body = "200 OK", f"<p>Hello, {escape(name)}!</p>"
    # --8<-- [end:routing]

    # 4. Building the response: a status line, headers, and the body as bytes.
    data = body.encode("utf-8")
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(data))),
        *extra_headers,
    ]
    start_response(status, headers)
    return [data]


if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    with make_server("127.0.0.1", 8000, app) as server:
        print("Serving on http://127.0.0.1:8000/ (press Ctrl+C to stop)")
        server.serve_forever()
