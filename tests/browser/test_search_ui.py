"""Search as a learner meets it: the same behaviour in every box (results as you type, Enter
opens the first), the ARIA combobox in the header, one box per page, axe in both themes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .support import DESKTOP, PHONE, Site, axe_problems

QUERY = "cookie"


def _first_result(site: Site) -> str:
    from courseware.course.search import SearchIndex

    return SearchIndex.build(site.index.default).query(QUERY)[0].path


def _type_in_header(page: Page) -> None:
    if page.viewport_size == PHONE:
        page.locator(".search-open").click()
    box = page.locator("#search-input")
    box.click()
    box.press_sequentially(QUERY)
    expect(page.locator(".search-popup [role=option]").first).to_be_visible()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_the_results_open(
    site: Site, page: Page, size: dict, scheme: str
) -> None:
    page.set_viewport_size(size)
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url())
    _type_in_header(page)
    page.locator("#search-input").press("ArrowDown")
    assert axe_problems(page) == []


def test_the_header_box_is_a_combobox_whose_options_hold_no_controls(
    site: Site, page: Page
) -> None:
    page.goto(site.url())
    _type_in_header(page)
    box = page.locator("#search-input")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "true")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    expect(listbox).to_have_attribute("role", "listbox")
    assert listbox.locator("[role=option]").count() >= 2
    assert listbox.locator("a, button, input, [tabindex]").count() == 0
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()


def test_enter_in_the_header_box_opens_the_first_result(site: Site, page: Page) -> None:
    page.goto(site.url())
    box = page.locator("#search-input")
    box.click()
    box.press_sequentially(QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(site.url(_first_result(site)))))


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_search_page_has_one_box_that_searches_as_you_type(
    site: Site, page: Page, size: dict
) -> None:
    page.set_viewport_size(size)
    page.goto(site.url("search/"))
    assert page.locator("input[type=search]:visible").count() == 1
    expect(page.locator(".search-open")).to_have_count(0)
    box = page.locator("#search-page-input")
    box.press_sequentially(QUERY)
    links = page.locator("#search-results .search-result-link")
    expect(links.first).to_be_visible()
    expect(links.first.locator("xpath=..").locator("mark").first).to_be_visible()
    box.press("ArrowDown")
    expect(links.first).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(site.url(_first_result(site)))))


def test_the_not_found_page_has_one_search_box(site: Site, page: Page) -> None:
    # http.server answers a missing page with its own 404: the built page is opened by name
    page.goto(site.url("404.html" if site.name == "static" else "no-such-page/"))
    assert page.locator("input[type=search]:visible").count() == 1
    box = page.locator("#not-found-search")
    box.press_sequentially(QUERY)
    expect(page.locator(".search-popup [role=option]").first).to_be_visible()
    assert axe_problems(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_results_page(site: Site, page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url(f"search/?q={QUERY}"))
    expect(page.locator(".search-result-link").first).to_be_visible()
    assert axe_problems(page) == []


def test_results_do_not_move_the_page_when_they_come(site: Site, page: Page) -> None:
    page.goto(site.url(f"search/?q={QUERY}"))
    expect(page.locator(".search-result-link").first).to_be_visible()
    shift = page.evaluate(
        """() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) total += entry.value;
            }).observe({type: 'layout-shift', buffered: true});
            setTimeout(() => resolve(total), 300);
        })"""
    )
    assert shift < 0.01


def test_the_search_page_fetches_its_script_and_index_with_the_page(
    static_site: Site, page: Page
) -> None:
    """Lighthouse: the results were the largest paint, behind site.js → search.js → meta.json."""
    page.goto(static_site.url(f"search/?q={QUERY}"))
    expect(page.locator(".search-result-link").first).to_be_visible()
    preloads = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=preload]')].map(link => link.href)"""
    )
    assert any(re.search(r"/static/js/search\.js\?v=\w+$", url) for url in preloads), preloads
    assert any(url.endswith("/search/meta.json") for url in preloads), preloads
    for url in preloads:  # each fetched once: the preload was used, not fetched again
        assert page.evaluate("url => performance.getEntriesByName(url).length", url) == 1, url


def test_the_live_search_page_preloads_nothing_it_does_not_use(live_site: Site, page: Page) -> None:
    """The server sends the results, so meta.json would sit unused (Chromium warns of it)."""
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if "preload" in m.text else None)
    page.goto(live_site.url(f"search/?q={QUERY}"))
    expect(page.locator(".search-result-link").first).to_be_visible()
    preloads = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=preload]')].map(link => link.href)"""
    )
    assert not [url for url in preloads if url.endswith("meta.json")], preloads
    page.wait_for_timeout(3500)  # Chromium reports a preload unused 3 s after load
    assert warnings == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_lesson_opened_from_a_result_marks_the_words_searched_for(
    site: Site, page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site.url())
    _type_in_header(page)
    page.locator("#search-input").press("Enter")
    page.wait_for_url(re.compile(re.escape(site.url(_first_result(site)))))
    hits = page.locator("main mark.search-hit")
    expect(hits.first).to_be_visible()
    texts = hits.evaluate_all("marks => marks.map(mark => mark.textContent)")
    assert all(text.lower().startswith(QUERY) for text in texts), texts
    assert page.locator("pre mark, code mark").count() == 0  # code stays as written
    assert "h=" not in page.url  # the address copies clean
    assert axe_problems(page) == []


def test_results_on_the_search_page_link_with_the_words(site: Site, page: Page) -> None:
    page.goto(site.url(f"search/?q={QUERY}"))
    link = page.locator(".search-result-link").first
    expect(link).to_have_attribute("href", re.compile(rf"\?h={QUERY}(#|$)"))
    link.click()
    expect(page.locator("main mark.search-hit").first).to_be_visible()
