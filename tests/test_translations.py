"""Translated courses: added by files, tracked for staleness, served under /<lang>/."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from courseware.course.checks import check_course
from courseware.course.loader import load_index
from courseware.course.translations import mark, status

HELLO_ES = """---
title: Hola
summary: La primera lección.
objectives:
  - Saludar.
keypoints:
  - Saludar es de buena educación.
---

## Sección de saludo

Hola, *mundo*. Mira [la lección avanzada](../02-advanced/01-deep.md#deep-section).
"""

DEEP_ES = """---
title: A fondo
---

## Sección profunda

!!! exercise "Pruébalo"
    Escribe una función.

    ??? hint
        Usa `def`.

    ??? solution
        Así.

```quiz
- question: ¿Es un cuestionario?
  type: single
  options:
    - text: "Sí"
      correct: true
      explain: Lo es.
    - text: "No"
      correct: false
      explain: De verdad lo es.
```
"""


@pytest.fixture
def bilingual(write: Callable, lessons_dir: Path) -> Path:
    write("course.yml", "title: Test course\nlanguages:\n  en: English\n  es: Español\n")
    write(
        "_translations/es/01-basics/chapter.yml", "title: Lo básico\nsummary: El primer capítulo.\n"
    )
    write("_translations/es/01-basics/01-hello.md", HELLO_ES)
    mark(lessons_dir, "es", "01-basics/01-hello")
    return lessons_dir


def test_a_translation_appears_by_adding_files(bilingual: Path) -> None:
    index = load_index(bilingual)
    spanish = index.editions["es"]
    hello = spanish.pages["es/basics/hello/"]
    assert (hello.title, hello.status, hello.original) == ("Hola", "translated", "basics/hello/")
    assert spanish.chapters[0].title == "Lo básico"
    assert spanish.pages["es/basics/second/"].status == "missing"  # falls back to the original
    assert [d for d in index.diagnostics if d.is_error] == []


def test_pages_switch_language_both_ways_and_say_their_language(
    bilingual: Path, make_app: Callable[..., Flask]
) -> None:
    client = make_app().test_client()
    spanish = client.get("/es/basics/hello/").get_data(as_text=True)
    assert '<html lang="es"' in spanish and "<h1>Hola" in spanish
    assert 'href="/basics/hello/" hreflang="en" lang="en">English</a>' in spanish
    assert '<link rel="alternate" hreflang="en" href="/basics/hello/">' in spanish
    assert 'href="/es/advanced/deep/#deep-section"' in spanish  # in-lesson links stay in Spanish
    english = client.get("/basics/hello/").get_data(as_text=True)
    assert 'href="/es/basics/hello/" hreflang="es" lang="es">Español</a>' in english
    assert "Saltar al contenido" in spanish and "Skip to content" not in spanish


def test_the_course_title_and_description_translate_with_their_own_course_yml(
    bilingual: Path, write: Callable, make_app: Callable[..., Flask]
) -> None:
    write(
        "_translations/es/course.yml",
        "title: Curso de prueba\ndescription: Un curso para probar.\nauthor: Nadie\n",
    )
    client = make_app().test_client()
    spanish = client.get("/es/").get_data(as_text=True)
    assert "<h1>Curso de prueba</h1>" in spanish and "Un curso para probar." in spanish
    assert "<title>Hola · Curso de prueba</title>" in client.get("/es/basics/hello/").get_data(
        as_text=True
    )
    english = client.get("/").get_data(as_text=True)
    assert "<h1>Test course</h1>" in english and "Curso de prueba" not in english
    (problem,) = load_index(bilingual).diagnostics
    assert str(problem) == (
        "lessons/_translations/es/course.yml:3: warning: "
        "'author' is not translated; only 'title' and 'description' are"
    )


def test_a_missing_translation_falls_back_with_a_notice_in_the_learners_language(
    bilingual: Path, make_app: Callable[..., Flask]
) -> None:
    client = make_app().test_client()
    page = client.get("/es/basics/second/").get_data(as_text=True)
    assert "Esta lección aún no está traducida" in page
    assert "Walking" in page  # the original's text
    assert 'href="/es/advanced/deep/"' in page  # navigation stays in Spanish
    # English titles say so, for screen readers; the translated ones need nothing
    assert '<span aria-current="page" lang="en">Second steps</span>' in page
    assert '<ol lang="en"><li><a href="#walking">' in page  # the table of contents
    assert '<a href="/es/advanced/"><span lang="en">Advanced</span></a>' in page  # sidebar
    assert '<a href="/es/basics/">Lo básico</a>' in page
    home = client.get("/es/").get_data(as_text=True)
    assert 'href="/es/basics/second/" lang="en">Second steps</a>' in home
    assert 'href="/es/basics/hello/">Hola</a>' in home
    english = client.get("/basics/second/").get_data(as_text=True)
    assert '<span aria-current="page">Second steps</span>' in english


def test_changing_the_original_makes_the_translation_stale_until_marked_again(
    bilingual: Path, write: Callable, make_app: Callable[..., Flask]
) -> None:
    original = (bilingual / "01-basics/01-hello.md").read_text()
    write("01-basics/01-hello.md", original.replace("Hello, *world*.", "Hello,   *world*.\n"))
    assert load_index(bilingual).editions["es"].pages["es/basics/hello/"].status == "translated"

    write("01-basics/01-hello.md", original.replace("Hello, *world*.", "Hello, *planet*."))
    problems = [str(d) for d in check_course(bilingual)]
    expected = (
        "lessons/_translations/es/01-basics/01-hello.md:1: warning: translation is older than "
        "its original (changed: 1 section)"
    )
    assert expected in problems
    index = load_index(bilingual)
    (spanish,) = status(index)
    assert [lesson.path for lesson in spanish.stale] == ["es/basics/hello/"]
    assert len(spanish.translated) == 1 and len(spanish.missing) == 2
    page = make_app().test_client().get("/es/basics/hello/").get_data(as_text=True)
    assert "El original de esta lección ha cambiado" in page

    mark(bilingual, "es", "01-basics/01-hello")
    assert status(load_index(bilingual))[0].stale == ()


def test_strict_check_fails_on_a_stale_translation(bilingual: Path, write: Callable) -> None:
    original = (bilingual / "01-basics/01-hello.md").read_text()
    write("01-basics/01-hello.md", original + "\n## A new section\n\nMore.\n")
    command = [sys.executable, "build.py", "--lessons", str(bilingual), "check"]
    root = Path(__file__).resolve().parents[1]
    assert subprocess.run(command, cwd=root, capture_output=True, timeout=60).returncode == 0
    strict = subprocess.run(
        [*command, "--strict"], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert strict.returncode == 1 and "translation is older than its original" in strict.stderr


def test_quiz_answers_that_differ_from_the_original_are_errors(
    bilingual: Path, write: Callable
) -> None:
    write(
        "_translations/es/02-advanced/01-deep.md",
        DEEP_ES.replace("correct: true", "correct: false", 1).replace(
            '"No"\n      correct: false', '"No"\n      correct: true'
        ),
    )
    problems = [str(d) for d in check_course(bilingual)]
    assert (
        "lessons/_translations/es/02-advanced/01-deep.md:16: quiz 1 differs from the original's: "
        "translate its words but keep its questions, options and correct answers" in problems
    )
    write("_translations/es/02-advanced/01-deep.md", DEEP_ES)
    assert not any("differs" in p for p in map(str, check_course(bilingual)))


def test_a_translation_without_an_original_is_an_error(bilingual: Path, write: Callable) -> None:
    write("_translations/es/01-basics/07-ghost.md", "---\ntitle: Fantasma\n---\n\nBu.\n")
    problems = [str(d) for d in check_course(bilingual)]
    assert any(
        p.startswith("lessons/_translations/es/01-basics/07-ghost.md: this translates")
        for p in problems
    )


def test_search_runs_per_language(bilingual: Path, make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    spanish = client.get("/es/search/?q=saludo").get_data(as_text=True)
    assert 'href="/es/basics/hello/?h=saludo#seccion-de-saludo"' in spanish
    assert "saludo" not in client.get("/search/?q=saludo").get_data(as_text=True).split("<main")[
        1
    ].split("</main>")[0].lower().replace('value="saludo"', "").replace("“saludo”", "")


def test_translations_command_reports_status(bilingual: Path) -> None:
    result = subprocess.run(
        [sys.executable, "build.py", "--lessons", str(bilingual), "translations"],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        "Español (es): 1 of 3 lessons translated, 1 up to date, 0 stale, 2 missing" in result.stdout
    )
    assert "missing: lessons/_translations/es/01-basics/02-second.md" in result.stdout
