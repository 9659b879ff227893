"""Code and style that load on first use (overlays.js and overlays.css, search.js, quiz.css):
a lesson fetches none of them before, and the first use works even while its file is still on
the way (each test holds the file back until after the first press, hover, tap or key)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from .support import Site, find_lesson
from .test_glossary import _lesson_with_a_term

ON_DEMAND = re.compile(
    r"/static/(js/overlays\.js|css/overlays\.css|js/search\.js|css/search\.css|css/quiz\.css)\?v="
)


class Held:
    """Requests for files matching ``pattern``, kept waiting until :meth:`release`."""

    def __init__(self, page: Page, pattern: str) -> None:
        self.routes: list[Route] = []
        page.route(re.compile(pattern), self.hold)

    def hold(self, route: Route) -> None:
        self.routes.append(route)

    def release(self) -> None:
        assert self.routes, "nothing was asked for"
        for route in self.routes:
            route.continue_()


def test_a_lesson_fetches_nothing_it_loads_on_first_use_until_then(site: Site, page: Page) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    lesson, _ = _lesson_with_a_term(site)  # a definition to show, and a quiz to check
    page.goto(site.url(lesson.path))
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if ON_DEMAND.search(url)] == []
    page.locator("a.glossary-link").first.hover()
    expect(page.get_by_role("tooltip")).to_be_visible()
    assert any("/js/overlays.js?v=" in url for url in fetched)
    assert not any("/js/search.js?v=" in url for url in fetched)  # no ?h=: nothing to mark


def test_the_first_press_of_the_menu_opens_the_drawer_once_its_code_comes(
    site: Site, phone: Page
) -> None:
    phone.goto(site.url(find_lesson(site.index).path))
    held = Held(phone, r"/static/js/overlays\.js")
    menu = phone.locator(".site-header").get_by_role("button", name="Menu")
    menu.click()
    held.release()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(phone.locator("#sidebar").get_by_role("button", name="Close the menu")).to_be_focused()
    expect(phone.locator("#sidebar")).to_be_in_viewport()


def test_the_first_hover_on_a_term_shows_its_definition_once_its_code_comes(
    site: Site, page: Page
) -> None:
    lesson, definition = _lesson_with_a_term(site)
    page.goto(site.url(lesson.path))
    held = Held(page, r"/static/(js|css)/overlays\.(js|css)")
    page.locator("a.glossary-link").first.hover()
    held.release()
    popover = page.get_by_role("tooltip")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(re.sub(r"<[^>]+>", "", definition)[:30])
    assert popover.evaluate("p => getComputedStyle(p).position") == "fixed"  # styled at once


def test_on_a_touch_screen_the_first_tap_shows_a_definition_and_the_second_follows_the_link(
    site: Site, phone: Page
) -> None:
    lesson, _ = _lesson_with_a_term(site)
    phone.goto(site.url(lesson.path))
    link = phone.locator("a.glossary-link").first
    link.scroll_into_view_if_needed()
    held = Held(phone, r"/static/js/overlays\.js")
    link.tap()  # before overlays.js has come: the tap waits for it instead of leaving
    held.release()
    expect(phone.get_by_role("tooltip")).to_be_visible()
    assert phone.url == site.url(lesson.path)
    link.tap()
    phone.wait_for_url(re.compile(r"/glossary/"))


def test_a_term_shows_its_definition_when_the_drawer_brought_its_code_first(
    site: Site, phone: Page
) -> None:
    lesson, _ = _lesson_with_a_term(site)
    phone.goto(site.url(lesson.path))
    phone.locator(".site-header").get_by_role("button", name="Menu").click()
    expect(phone.locator("#sidebar")).to_be_in_viewport()
    phone.keyboard.press("Escape")
    phone.locator("a.glossary-link").first.focus()
    expect(phone.get_by_role("tooltip")).to_be_visible()


def test_keys_typed_in_the_search_box_before_search_js_comes_are_searched(
    site: Site, page: Page
) -> None:
    page.goto(site.url(find_lesson(site.index).path))
    held = Held(page, r"/static/js/search\.js")
    box = page.locator("#search-input")
    box.click()
    box.press_sequentially("cookie")
    expect(box).to_have_value("cookie")
    held.release()
    expect(page.locator(".search-popup [role=option]").first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")


def test_the_phone_search_screen_opens_at_the_first_tap_and_then_keeps_focus_inside(
    site: Site, phone: Page
) -> None:
    phone.goto(site.url(find_lesson(site.index).path))
    held = Held(phone, r"/static/js/overlays\.js")
    phone.locator(".search-open").tap()
    box = phone.locator("#search-input")
    expect(box).to_be_focused()  # in the tap itself, so a phone's keyboard comes up
    box.press_sequentially("co")
    held.release()
    expect(box).to_have_value("co")
    outside = "() => document.querySelector('main').closest('[inert]') !== null"
    phone.wait_for_function(outside)  # the rest of the page is inert
    for _ in range(6):  # Tab stays in the search screen
        phone.keyboard.press("Tab")
        assert phone.evaluate(
            "document.getElementById('site-search').contains(document.activeElement)"
        )
    phone.locator(".search-close").click()
    expect(phone.locator(".search-open")).to_be_focused()
    assert not phone.evaluate(outside)


def test_a_checked_answer_is_shown_only_with_its_style(site: Site, page: Page) -> None:
    page.goto(site.url(find_lesson(site.index, quiz=True).path))
    held = Held(page, r"/static/css/quiz\.css")
    question = page.locator(".quiz-question").first
    question.locator("input[data-correct]").first.check()
    question.locator(".quiz-check").click()
    feedback = question.locator(".quiz-feedback")
    expect(feedback).to_have_text("")  # checking waits for quiz.css
    held.release()
    expect(feedback).to_contain_text("Correct")
    right = question.locator(".quiz-option.is-right").first
    plain = question.locator(".quiz-option:not(.is-right)").first
    colour = "o => getComputedStyle(o).backgroundColor"
    assert right.evaluate(colour) != plain.evaluate(colour)
