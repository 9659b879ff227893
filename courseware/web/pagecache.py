"""Finished pages kept in memory on the live server, so a popular lesson is rendered once.

The content never changes while a production server runs, so a page's HTML is the same for
every visitor; it is kept with an ETag so browsers can revalidate for free. The preview
server re-reads lessons on every change, and the static build writes each page once, so
neither keeps pages.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, request

from .minify import html as minify_html

#: Pages kept per process; a lesson page is about 40 KB, so this is at most about 20 MB.
KEPT = 512
#: Query parameters only the page's scripts read (``?h=`` from a search result: site.js marks
#: those words): the page is the same with them, so it is served from memory all the same.
BROWSER_ONLY = frozenset({"h"})


class PageCache:
    def __init__(self) -> None:
        self.pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, str] | None:
        with self.lock:
            found = self.pages.get(key)
            if found is not None:
                self.pages.move_to_end(key)
            return found

    def put(self, key: str, body: bytes) -> tuple[bytes, str]:
        entry = (body, hashlib.blake2b(body, digest_size=12).hexdigest())
        with self.lock:
            self.pages[key] = entry
            if len(self.pages) > KEPT:
                self.pages.popitem(last=False)
        return entry


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve a page's HTML from memory after its first rendering (not in preview)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        content = current_app.extensions["courseware"]
        if not content.keep_pages or request.args.keys() - BROWSER_ONLY:
            return view(*args, **kwargs)
        # The path alone: a page's HTML depends on it and on settings, never on headers or
        # SCRIPT_NAME, so no request can choose what later visitors of the page get.
        key = request.path
        entry = content.pages.get(key)
        if entry is None:
            index = content.index
            result = view(*args, **kwargs)
            if not isinstance(result, str):
                return result  # an error page, a redirect: not kept
            if index.pending or content.index is not index:  # lessons still rendering
                return result
            entry = content.pages.put(key, minify_html(result).encode())
        body, etag = entry
        response = Response(body, mimetype="text/html")
        response.set_etag(etag)
        return response.make_conditional(request)

    return wrapper
