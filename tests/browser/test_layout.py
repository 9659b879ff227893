"""The frame of every page at phone and desktop sizes: the header, the drawer, full-screen
search and the theme button, each usable with the keyboard and passing axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .support import DESKTOP, PHONE, Site, axe_problems, find_lesson


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_header_is_one_row_of_at_most_56_px(site: Site, page: Page, size: dict) -> None:
    page.set_viewport_size(size)
    lesson = find_lesson(site.index, quiz=True)
    for path in ("", lesson.path, "search/"):
        page.goto(site.url(path))
        box = page.locator(".site-header").bounding_box()
        assert box is not None and box["height"] <= 56, path
        buttons = page.locator(".site-header .icon-button:visible").all()
        tops = {round(b.bounding_box()["y"]) for b in buttons}
        assert len(tops) == 1, f"{path}: header buttons on more than one row"
        for button in buttons:  # every icon button says what it is
            name = button.evaluate(
                "b => b.getAttribute('aria-label') || b.textContent.trim() || ''"
            )
            assert name.strip(), button.evaluate("b => b.outerHTML")


def test_phone_header_has_named_icon_buttons(site: Site, phone: Page) -> None:
    phone.goto(site.url(find_lesson(site.index).path))
    header = phone.locator(".site-header")
    expect(header.get_by_role("button", name="Menu")).to_be_visible()
    expect(header.get_by_role("button", name="Search")).to_be_visible()
    expect(header.get_by_role("button", name="Colour theme")).to_be_visible()
    expect(header.locator(".language-menu summary")).to_have_accessible_name("Language: English")
    assert header.locator("svg").count() >= 4
    assert "Auto" not in header.inner_text()


GLYPH_SIZES = """() => [...document.querySelectorAll('.site-header .icon-button')]
    .filter((button) => button.getClientRects().length)
    .map((button) => {
        const glyph = [...button.querySelectorAll('svg.icon')]
            .find((svg) => svg.getClientRects().length);
        const b = button.getBoundingClientRect(), g = glyph.getBoundingClientRect();
        return {name: button.className, button: [b.width, b.height], glyph: [g.width, g.height],
                border: getComputedStyle(glyph).borderTopWidth};
    })"""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_header_icons_are_24_px_glyphs_in_44_px_targets(
    site: Site, browser: Browser, size: dict, scheme: str, direction: str
) -> None:
    """The icon-shortcode style once shrank every header glyph to 0.8em with a border."""
    context = browser.new_context(viewport=size, color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url(find_lesson(site.index).path))
    page.evaluate(f"document.documentElement.dir = '{direction}'")
    icons = page.evaluate(GLYPH_SIZES)
    context.close()
    assert len(icons) >= (4 if size is PHONE else 1)
    for icon in icons:
        assert icon["glyph"] == [24, 24] and icon["border"] == "0px", icon
        assert min(icon["button"]) >= 44, icon


def test_the_title_shows_in_the_header_once_scrolled(site: Site, phone: Page) -> None:
    lesson = find_lesson(site.index)
    phone.goto(site.url(lesson.path))
    title = phone.locator(".site-header .brand-page")
    expect(title).to_be_hidden()
    phone.mouse.wheel(0, 1500)
    expect(title).to_be_visible()
    expect(title).to_have_text(lesson.title)
    expect(phone.locator(".brand")).to_have_accessible_name(site.index.course.title)


def test_the_drawer_keeps_focus_and_closes_by_button_and_escape(site: Site, phone: Page) -> None:
    phone.goto(site.url(find_lesson(site.index).path))
    menu = phone.locator(".site-header").get_by_role("button", name="Menu")
    close = phone.locator("#sidebar").get_by_role("button", name="Close the menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(close).to_be_focused()
    for _ in range(60):  # Tab never leaves the drawer
        phone.keyboard.press("Tab")
        assert phone.evaluate("document.getElementById('sidebar').contains(document.activeElement)")
    close.click()
    expect(phone.locator("#sidebar")).to_be_hidden()
    expect(menu).to_be_focused()
    menu.press("Enter")
    expect(close).to_be_focused()
    phone.keyboard.press("Escape")
    expect(phone.locator("#sidebar")).to_be_hidden()
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")


def test_search_opens_full_screen_on_a_phone_and_closes(site: Site, phone: Page) -> None:
    phone.goto(site.url(find_lesson(site.index).path))
    phone.locator(".site-header").get_by_role("button", name="Search").click()
    box = phone.locator("#search-input")
    expect(box).to_be_focused()
    form = phone.locator("#site-search").bounding_box()
    assert form is not None and form["width"] >= PHONE["width"] - 1
    assert form["height"] >= PHONE["height"] - 1
    phone.locator(".search-close").click()
    expect(box).to_be_hidden()
    expect(phone.locator(".search-open")).to_be_focused()
    phone.locator(".search-open").click()
    box.press_sequentially("cookie")
    expect(phone.locator(".search-popup [role=option]").first).to_be_visible()
    box.press("Escape")  # closes the results
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Escape")  # then the search screen
    expect(box).to_be_hidden()
    expect(phone.locator(".search-open")).to_be_focused()


def test_the_theme_button_names_the_theme_and_keeps_its_width(site: Site, page: Page) -> None:
    page.goto(site.url())
    toggle = page.locator(".theme-toggle")
    search = page.locator("#search-input")
    widths, places, names = set(), set(), []
    for _ in range(3):
        names.append(toggle.get_attribute("aria-label"))
        widths.add(toggle.bounding_box()["width"])
        places.add(search.bounding_box()["x"])
        toggle.click()
    assert names == [
        "Colour theme: as the device. Switch to light",
        "Colour theme: light. Switch to dark",
        "Colour theme: dark. Switch to as the device",
    ]
    assert len(widths) == 1 and len(places) == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_the_drawer_open(site: Site, phone: Page, scheme: str) -> None:
    phone.emulate_media(color_scheme=scheme)
    phone.goto(site.url(find_lesson(site.index).path))
    phone.locator(".menu-link").click()
    expect(phone.locator("#sidebar")).to_be_visible()
    phone.wait_for_timeout(300)  # the drawer slides in
    assert axe_problems(phone) == []


def test_without_javascript_the_phone_header_links_to_the_menu_and_search(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(find_lesson(site.index).path))
    assert page.locator(".site-header").bounding_box()["height"] <= 56
    expect(page.locator(".theme-toggle")).to_be_hidden()
    page.locator("a.menu-link").click()
    expect(page.locator("#sidebar")).to_be_in_viewport()
    page.locator("a.search-open").click()
    expect(page.locator("#search-page-input")).to_be_visible()
    context.close()


def test_on_a_right_to_left_page_the_drawer_opens_from_the_right(site: Site, phone: Page) -> None:
    phone.goto(site.url(find_lesson(site.index).path))
    phone.evaluate("document.documentElement.dir = 'rtl'")
    phone.locator(".menu-link").click()
    sidebar = phone.locator("#sidebar")
    expect(sidebar).to_be_in_viewport()
    phone.wait_for_timeout(300)  # the drawer slides in
    box = sidebar.bounding_box()
    assert box is not None and abs(box["x"] + box["width"] - PHONE["width"]) < 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_phone_with_a_definition_open_and_a_quiz_answered(
    site: Site, phone: Page, scheme: str
) -> None:
    """The desktop-sized checks of the popover and the quiz, again at 390 px."""
    from .test_assessment import open_quiz
    from .test_glossary import _lesson_with_a_term

    phone.emulate_media(color_scheme=scheme)
    lesson, _ = _lesson_with_a_term(site)
    phone.goto(site.url(lesson.path))
    phone.locator("a.glossary-link").first.focus()
    expect(phone.get_by_role("tooltip")).to_be_visible()
    assert axe_problems(phone) == [], "definition open"
    quiz = open_quiz(phone, site.url(find_lesson(site.index, quiz=True).path))
    quiz.scroll_into_view_if_needed()
    questions = quiz.locator(".quiz-question")
    questions.nth(0).locator("input").first.check()
    questions.nth(1).locator("input:not([data-correct])").first.check()
    quiz.get_by_role("button", name="Check answers").click()
    expect(quiz.locator(".quiz-score")).to_be_visible()
    assert axe_problems(phone) == [], "quiz answered"
