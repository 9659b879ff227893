"""What the start of every page must hold: the charset within the first 1,024 bytes (browsers
and the HTML validator look no further), in every language, whatever ``<html>`` carries."""

from __future__ import annotations

import pytest
from flask import Flask

from courseware.build.freeze import site_app
from courseware.web.sitepages import site_pages

KINDS = {
    "pages.home",
    "pages.chapter",
    "pages.lesson",
    "search.page",
    "summaries.glossary",
    "summaries.print_chapter",
    "site.not_found_page",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    cache = tmp_path_factory.mktemp("cache")
    return site_app(None, "/course/", extra={"COURSEWARE_CACHE_DIR": cache})


def test_every_kind_of_page_declares_its_charset_in_the_first_1024_bytes(app: Flask) -> None:
    client = app.test_client()
    seen: dict[tuple[str, bool], str] = {}
    for page in site_pages(app):
        kind, translated = page.endpoint.replace("_lang.", "."), "_lang." in page.endpoint
        if kind in KINDS:
            seen.setdefault((kind, translated), page.url)
    assert ("pages.lesson", True) in seen and ("pages.home", True) in seen
    for (kind, _), url in sorted(seen.items()):
        body = client.get(url).get_data()
        assert body.lstrip().lower().startswith(b"<!doctype html>"), url
        assert b'<meta charset="utf-8">' in body[:1024].lower(), f"{kind} {url}"
