"""What the page minifier leaves out, Chromium puts back: every page of the course is the same
document with and without the end tags the HTML parser supplies by itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from courseware import create_app
from courseware.web import app as app_module
from courseware.web import minify, pagecache

#: The documents Chromium builds from each page, written out again.
PARSE = (
    "pages => pages.map(html => new DOMParser().parseFromString(html, 'text/html')"
    ".documentElement.outerHTML)"
)


def test_every_page_is_the_same_document_without_its_optional_end_tags(
    page: Page, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unminified(text: str) -> str:
        return text

    monkeypatch.setattr(app_module, "minify_html", unminified)
    monkeypatch.setattr(pagecache, "minify_html", unminified)
    app = create_app({"COURSEWARE_CACHE_DIR": cache_dir, "COURSEWARE_PREVIEW": False})
    client = app.test_client()
    urls = [p.url for p in app.extensions["courseware"].site_pages() if p.url.endswith("/")]
    assert len(urls) > 50
    never = re.compile(r"(?!)")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        source = response.get_data(as_text=True)
        minified = minify.html(source)
        with monkeypatch.context() as patched:
            patched.setattr(minify, "OPTIONAL_END", never)
            with_end_tags = minify.html(source)
        assert len(minified) < len(with_end_tags), url
        dropped, kept = page.evaluate(PARSE, [minified, with_end_tags])
        assert dropped == kept, url
