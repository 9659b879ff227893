"""A static file server for benchmarks: Python's http.server with keep-alive connections, a
listen backlog big enough for 50 clients (the stock one queues only 5 and speaks HTTP/1.0, so
under load it drops connections that a real static host would keep), and GitHub Pages' cache
lifetime of ten minutes.

``python benchmarks/static_server.py PORT FOLDER``
"""

from __future__ import annotations

import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

#: When set, every file sent is logged there as "bytes path", and every request answered as
#: "- status path" (benchmarks/playground.py).
COUNT_FILE = os.environ.get("STATIC_SERVER_COUNT")
#: How long browsers may reuse a file without asking again (GitHub Pages: ten minutes).
MAX_AGE = int(os.environ.get("STATIC_SERVER_MAX_AGE", "600"))


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001 - the base's signature
        """Send a file, and note its size when COUNT_FILE is set (bytes really sent)."""
        start = source.tell()
        super().copyfile(source, outputfile)
        if COUNT_FILE:
            with open(COUNT_FILE, "a", encoding="utf-8") as log:
                log.write(f"{source.tell() - start} {self.path}\n")

    def end_headers(self) -> None:
        # As GitHub Pages does: browsers may reuse a file for ten minutes.
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        super().end_headers()

    def log_request(self, code: object = "-", size: object = "-") -> None:
        if COUNT_FILE:
            with open(COUNT_FILE, "a", encoding="utf-8") as log:
                log.write(f"- {int(code)} {self.path}\n")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


class Server(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closes a connection mid-file is normal, not worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main() -> None:
    port, folder = int(sys.argv[1]), sys.argv[2]
    Server(("127.0.0.1", port), partial(Handler, directory=folder)).serve_forever()


if __name__ == "__main__":
    main()
