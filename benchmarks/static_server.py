"""A static file server for load tests: Python's http.server with keep-alive connections and a
listen backlog big enough for 50 clients (the stock one queues only 5 and speaks HTTP/1.0, so
under load it drops connections that a real static host would keep).

``python benchmarks/static_server.py PORT FOLDER``
"""

from __future__ import annotations

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


class Server(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True


def main() -> None:
    port, folder = int(sys.argv[1]), sys.argv[2]
    Server(("127.0.0.1", port), partial(Handler, directory=folder)).serve_forever()


if __name__ == "__main__":
    main()
