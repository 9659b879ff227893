"""Languages: right-to-left editions and the language switcher."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from courseware.config import PROJECT_ROOT
from courseware.course.i18n import direction
from courseware.course.loader import load_index

HELLO_AR = """---
title: مرحبا
---

## قسم التحية

مرحبا بالعالم. `print("hello")`
"""


@pytest.fixture
def arabic(write: Callable, lessons_dir: Path) -> Path:
    write("course.yml", "title: Test course\nlanguages:\n  en: English\n  ar: العربية\n")
    write("_translations/ar/01-basics/01-hello.md", HELLO_AR)
    return lessons_dir


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ckb", "rtl"), ("ur_PK", "rtl")]
    + [("en", "ltr"), ("es", "ltr"), ("arn", "ltr"), ("hea", "ltr")],
)
def test_direction_follows_the_primary_subtag(lang: str, expected: str) -> None:
    assert direction(lang) == expected


def test_a_right_to_left_edition_mirrors_the_page_and_an_english_one_does_not(
    arabic: Path, make_app: Callable[..., Flask]
) -> None:
    client = make_app().test_client()
    page = client.get("/ar/basics/hello/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    # the switcher's English name reads left to right inside the Arabic page
    assert 'hreflang="en" lang="en" dir="ltr">English</a>' in page
    english = client.get("/basics/hello/").get_data(as_text=True)
    html_tag = english.split("<html", 1)[1].split(">", 1)[0]
    assert 'lang="en"' in html_tag and "dir=" not in html_tag
    assert 'hreflang="ar" lang="ar" dir="rtl">العربية</a>' in english


def test_the_layout_uses_logical_properties_and_code_stays_left_to_right() -> None:
    for name in ("site.css", "pages.css", "search.css"):
        css = (PROJECT_ROOT / "static" / "css" / name).read_text(encoding="utf-8")
        for physical in ("margin-left", "padding-left", "border-left", "text-align: left"):
            assert physical not in css, (name, physical)
        for physical in ("margin-right", "padding-right", "border-right", "text-align: right"):
            assert physical not in css, (name, physical)
    site = (PROJECT_ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert "pre, code, kbd, .highlight { direction: ltr; unicode-bidi: isolate; }" in site


def _course_with(write: Callable, codes: list[str]) -> None:
    names = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "ar": "العربية"}
    declared = "".join(f"  {code}: {names[code]}\n" for code in codes)
    write("course.yml", f"title: Test course\nlanguages:\n{declared}")
    for code in codes[1:]:
        write(f"_translations/{code}/01-basics/chapter.yml", f"title: Basics {code}\n")


@pytest.mark.parametrize("count", [2, 5])
def test_languages_are_a_menu_whose_button_names_the_current_one(
    write: Callable, make_app: Callable[..., Flask], count: int
) -> None:
    """One icon button in the header at any number of languages (it fits a phone's row)."""
    _course_with(write, ["en", "fr", "es", "de", "ar"][:count])
    page = make_app().test_client().get("/fr/basics/hello/").get_data(as_text=True)
    nav = page.split('<nav class="languages" aria-label="Language">', 1)[1].split("</nav>")[0]
    summary = nav.split("<summary", 1)[1].split("</summary>", 1)[0]
    assert "Language:" in summary and '<span class="language-current" lang="fr">Français' in summary
    assert nav.count("<a ") == count
    assert 'hreflang="fr" lang="fr" aria-current="true">Français</a>' in nav
    if count == 5:
        assert 'hreflang="ar" lang="ar" dir="rtl">العربية</a>' in nav


def test_a_translation_folder_of_an_undeclared_language_is_a_warning(
    write: Callable, lessons_dir: Path
) -> None:
    write("course.yml", "title: Test course\nlanguages:\n  en: English\n  es: Español\n")
    write("_translations/es/01-basics/chapter.yml", "title: Lo básico\n")
    write("_translations/fr/01-basics/chapter.yml", "title: Les bases\n")
    write("_translations/_drafts/notes.md", "not a language\n")
    index = load_index(lessons_dir)
    (problem,) = index.diagnostics
    assert str(problem) == (
        "lessons/_translations/fr: warning: the language 'fr' is not listed under 'languages' "
        "in course.yml, so this translation is not published; add 'fr: Name' (its name in its "
        "own language) under 'languages:'"
    )
    assert set(index.editions) == {"en", "es"}
