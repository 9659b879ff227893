"""The review page: every quiz question of the course, ready for review.js to bring back."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def test_the_review_page_holds_every_question_with_ids_of_its_own(client: FlaskClient) -> None:
    page = client.get("/review/").get_data(as_text=True)
    (source,) = re.findall(r'<template class="review-source"[^>]*>', page)
    assert 'data-id="advanced/deep/#q1-1"' in source and 'data-lesson="advanced/deep/"' in source
    assert 'id="r1-q1-1-0"' in page and 'for="r1-q1-1-0"' in page and 'id="q1-1-0"' not in page
    assert '<a href="/advanced/deep/">Deep dive</a>' in page
    assert 'class="review-nojs"' in page, "without JavaScript the page says what it needs"
    assert "<script>" not in page and "style=" not in page


def test_the_home_page_links_to_the_review(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<a class="button button-secondary review-link" href="/review/">' in page
