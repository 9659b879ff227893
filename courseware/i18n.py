"""The interface in the learner's language: gettext catalogues (``translations/<lang>.po``).

Templates, the rendered blocks (quizzes, exercises) and the browser scripts all take their
words from the same PO file, a format every translation tool knows. A missing or empty
translation falls back to the English text, never to an empty label. Catalogues are read with
Babel and compiled in memory, so no compiled ``.mo`` file is kept in the repository.
"""

from __future__ import annotations

import gettext
import hashlib
from functools import cache
from io import BytesIO
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parent / "translations"


def _(message: str) -> str:
    """Marks a string for extraction where it is translated later (``gettext_for``)."""
    return message


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``, or English (the source texts) when there is none."""
    file = CATALOGUES / f"{lang}.po"
    if not file.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with file.open("rb") as handle:
        catalog = read_po(handle, locale=lang.replace("-", "_"))
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_for(lang: str):  # noqa: ANN201 - a gettext function
    return translations(lang).gettext


@cache
def catalogue_version(lang: str) -> str:
    """Changes when the catalogue of ``lang`` changes; rendered lessons depend on it."""
    file = CATALOGUES / f"{lang}.po"
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12] if file.is_file() else ""


def languages_with_catalogues() -> list[str]:
    return sorted(file.stem for file in CATALOGUES.glob("*.po"))


#: What the browser scripts say, by key; ``site.js`` and ``search.js`` fall back to English.
JS_MESSAGES = {
    "theme.auto": _("Auto"),
    "theme.light": _("Light"),
    "theme.dark": _("Dark"),
    "theme.label": _("Colour theme"),
    "copy": _("Copy"),
    "copy.label": _("Copy code to clipboard"),
    "copied": _("Copied"),
    "copied.label": _("Code copied to clipboard"),
    "copy.failed": _("Could not copy the code"),
    "code": _("Code"),
    "table": _("Table"),
    "progress.done": _("lessons done"),
    "progress.summary": _("You have completed"),
    "continue": _("Continue:"),
    "lesson.done": _("Completed ✓"),
    "lesson.mark": _("Mark lesson as complete"),
    "lesson.marked": _("Lesson marked as complete"),
    "lesson.unmarked": _("Lesson marked as not complete"),
    "progress.exported": _("Your progress was saved to a file."),
    "progress.imported": _("Progress imported for this many lessons:"),
    "progress.bad": _("That file is not a progress file of this course; nothing was changed."),
    "progress.confirm": _("Forget which lessons you completed? This cannot be undone."),
    "progress.cleared": _("Your progress was reset."),
    "quiz.choose": _("Choose an answer first."),
    "quiz.right": _("Correct!"),
    "quiz.wrong": _("Not quite. Read the explanations and try again."),
    "quiz.score": _("Score:"),
    "quiz.complete": _("All quizzes passed: lesson marked as complete."),
    "search.results": _("results. Use the arrow keys to choose."),
    "search.none": _("No lesson matches. Press Enter to search all pages."),
    "search.offline": _("Search is not available here: open the course from a web server."),
    "search.label": _("Search results"),
    "search.count": _("lessons match"),
    "search.nothing": _("No lesson matches. Try fewer or different words."),
}


def js_messages(lang: str) -> dict[str, str]:
    """The browser scripts' texts in ``lang`` (only those that differ from English)."""
    translate = gettext_for(lang)
    found = {}
    for key, text in JS_MESSAGES.items():
        translated = translate(text)
        if translated != text:
            found[key] = translated
    return found
