"""Glossary terms in a lesson: the definition on hover and on keyboard focus, closed by
Escape; without JavaScript the term is a link to the glossary page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from courseware.course.model import Lesson

from .support import Site, axe_problems


def _lesson_with_a_term(site: Site) -> tuple[Lesson, str]:
    for lesson in site.index.default.lessons:
        if lesson.rendered and lesson.rendered.glossary_refs:
            term = lesson.rendered.glossary_refs[0]
            for entry in site.index.default.glossary:
                if entry.term.lower() == term.lower():
                    return lesson, entry.definition_html
    raise LookupError("no lesson links to the glossary")


@pytest.fixture
def term(site: Site, page: Page) -> Iterator[tuple[Page, str]]:
    lesson, definition = _lesson_with_a_term(site)
    page.goto(site.url(lesson.path))
    yield page, definition


def test_hovering_a_term_shows_its_definition(term: tuple[Page, str]) -> None:
    page, definition = term
    link = page.locator("a.glossary-link").first
    link.hover()
    popover = page.get_by_role("tooltip")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(definition[:30])
    page.mouse.move(0, 0)
    expect(popover).to_be_hidden()


def test_focus_shows_the_definition_and_escape_closes_it(term: tuple[Page, str]) -> None:
    page, definition = term
    link = page.locator("a.glossary-link").first
    link.focus()
    popover = page.get_by_role("tooltip")
    expect(popover).to_be_visible()
    expect(link).to_have_attribute("aria-describedby", "glossary-popover")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(link).to_be_focused()
    expect(link).not_to_have_attribute("aria-describedby", "glossary-popover")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_a_definition_open(term: tuple[Page, str], scheme: str) -> None:
    page, _ = term
    page.emulate_media(color_scheme=scheme)
    page.locator("a.glossary-link").first.focus()
    expect(page.get_by_role("tooltip")).to_be_visible()
    assert axe_problems(page) == []


def test_without_javascript_a_term_links_to_the_glossary(browser: Browser, site: Site) -> None:
    lesson, _ = _lesson_with_a_term(site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(lesson.path))
    link = page.locator("a.glossary-link").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    expect(page.locator(f"#{anchor}")).to_be_visible()
    expect(page.get_by_role("tooltip")).to_have_count(0)
    context.close()
