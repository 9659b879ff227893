"""The offline copy (``build.py --offline``) opened straight from disk: search works from a
script file (fetch() of file:// fails), and the chapter pages lead to the printable pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from courseware.build.freeze import build_site
from courseware.config import PROJECT_ROOT

from .support import Site, watched_page


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    output = tmp_path_factory.mktemp("offline") / "site"
    build_site(
        output,
        project_root=PROJECT_ROOT,
        offline=True,
        config={"COURSEWARE_CACHE_DIR": cache_dir},
    )
    return output


@pytest.fixture
def disk_page(browser: Browser) -> Iterator[Page]:
    """A page that may open file:// addresses (the usual context refuses other hosts)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield from watched_page(context)
    finally:
        context.close()


def test_the_offline_copy_finds_a_lesson_by_search(offline: Path, disk_page: Page) -> None:
    disk_page.goto((offline / "index.html").as_uri())
    box = disk_page.locator("#search-input")
    box.click()
    box.press_sequentially("blueprint")
    option = disk_page.locator(".search-popup [role=option]").first
    expect(option).to_be_visible()
    expect(option.locator("mark").first).to_have_text(re.compile("blueprint", re.I))
    box.press("Enter")
    disk_page.wait_for_url(re.compile(r"^file://.*/index\.html(#.*)?$"))
    expect(disk_page.locator("article.lesson")).to_be_visible()


def test_the_offline_search_page_lists_results(offline: Path, disk_page: Page) -> None:
    disk_page.goto((offline / "search" / "index.html").as_uri() + "?q=session")
    expect(disk_page.locator(".search-result-link").first).to_be_visible()
    expect(disk_page.locator("#search-results")).not_to_contain_text("not available")


def test_a_chapter_page_leads_to_its_printable_page_and_the_handout(site: Site, page: Page) -> None:
    chapter = site.index.default.chapters[0]
    page.goto(site.url(chapter.path))
    page.get_by_role("link", name="The whole chapter on one page, to print").click()
    expect(page.locator(".print-lesson").first).to_be_visible()
    page.go_back()
    page.locator("main").get_by_role("link", name="Exercises handout").click()
    expect(page.locator("h1")).to_have_text(f"Exercises: {chapter.title}")


def test_from_disk_what_loads_on_first_use_comes_too(
    offline: Path, browser: Browser, live_site: Site
) -> None:
    """overlays.js, overlays.css and quiz.css are fetched by <script> and <link> elements,
    which a copy opened from disk may load (fetch() may not)."""
    from .support import PHONE, find_lesson
    from .test_glossary import _lesson_with_a_term

    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    lesson, _ = _lesson_with_a_term(live_site)
    page.goto((offline / lesson.path / "index.html").as_uri())
    page.locator(".menu-link").click()
    expect(page.locator("#sidebar").get_by_role("button", name="Close the menu")).to_be_focused()
    page.keyboard.press("Escape")
    page.locator("a.glossary-link").first.focus()
    expect(page.get_by_role("tooltip")).to_be_visible()
    page.goto((offline / find_lesson(live_site.index, quiz=True).path / "index.html").as_uri())
    question = page.locator(".quiz-question").first
    question.locator("input[data-correct]").first.check()
    question.locator(".quiz-check").click()
    expect(question.locator(".quiz-feedback")).to_contain_text("Correct")
    context.close()
    assert errors == [], errors
