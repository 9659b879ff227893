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
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from .model import Chapter, Lesson

CATALOGUES = Path(__file__).resolve().parent / "catalogues"


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
    "theme.now.auto": _("Colour theme: as the device. Switch to light"),
    "theme.now.light": _("Colour theme: light. Switch to dark"),
    "theme.now.dark": _("Colour theme: dark. Switch to as the device"),
    "menu.close": _("Close the menu"),
    "copy": _("Copy"),
    "copy.label": _("Copy code to clipboard"),
    "copied": _("Copied"),
    "copied.label": _("Code copied to clipboard"),
    "copy.failed": _("Could not copy the code"),
    "code": _("Code"),
    "section.link": _("Link to this section"),
    "table": _("Table"),
    "progress.done": _("lessons done"),
    "progress.chapter": _("done"),
    "progress.summary": _("You have completed"),
    "continue": _("Continue:"),
    "lesson.done": _("Completed ✓"),
    "lesson.mark": _("Mark lesson as complete"),
    "lesson.marked": _("Lesson marked as complete"),
    "lesson.unmarked": _("Lesson marked as not complete"),
    "progress.exported": _("Your progress was saved to a file."),
    "progress.imported": _("Progress imported: {count} lessons completed in the file."),
    "progress.bad": _("That file is not a progress file of this course; nothing was changed."),
    "progress.big": _("That file is too big to be a progress file; nothing was changed."),
    "progress.unsaved": _(
        "This browser did not let the course save your progress; nothing was changed."
    ),
    "progress.confirm": _("Forget which lessons you completed? This cannot be undone."),
    "progress.cleared": _("Your progress was reset."),
    "quiz.choose": _("Choose an answer first."),
    "quiz.right": _("Correct!"),
    "quiz.wrong": _("Not quite. Read the explanations and try again."),
    "quiz.score": _("Score:"),
    "quiz.complete": _("All quizzes passed: lesson marked as complete."),
    "quiz.question": _("Question {number}"),
    "quiz.check": _("Check question {number}"),
    "quiz.checkone": _("Check"),
    "quiz.checkall": _("Check answers"),
    "quiz.again": _("Try again"),
    "quiz.unanswered": _("Not answered yet."),
    "quiz.skipped": _("Not answered yet, so not counted:"),
    "quiz.option.right": _("Your choice is correct."),
    "quiz.option.wrong": _("Your choice is not correct."),
    "quiz.option.missed": _("Also correct, and you did not choose it."),
    "review.learned": _("You know this one now: it leaves your review."),
    "review.tomorrow": _("It comes back in your review tomorrow."),
    "review.days": _("It comes back in your review in {days} days."),
    "review.empty": _(
        "Nothing to review. The quiz questions you answer wrongly in the lessons come back here."
    ),
    "review.next.tomorrow": _("Nothing to review today: the next question comes back tomorrow."),
    "review.next.days": _("Nothing to review today: the next question comes back in {days} days."),
    "review.due": _("Questions to review today: {count}."),
    "review.loading": _("Bringing back the questions due today…"),
    "review.from": _("From the lesson"),
    "review.away": _(
        "This page could not load them (pages opened from disk cannot): answer each in its lesson."
    ),
    "review.place": _("{lesson}: quiz {quiz}, question {question}"),
    "print.loading": _("Gathering the lessons: {done} of {count}…"),
    "print.ready": _("All {count} lessons are on this page, ready to print."),
    "print.away": _(
        "This page could not load {count} of the lessons (pages opened from disk cannot): "
        "open them from the list, each prints on its own."
    ),
    "link.copied": _("Link copied. Open it on your other device: it brings your progress there."),
    "link.manual": _("Copy the link below and open it on your other device."),
    "link.failed": _("This browser could not make a link of your progress."),
    "link.offer": _(
        "This link holds progress of this course: {lessons} lessons completed and {review} "
        "questions in the review. Add it to the progress kept in this browser?"
    ),
    "link.added": _("Progress from the link added: {lessons} lessons completed."),
    "link.declined": _("The link was not used; nothing was changed."),
    "link.bad": _(
        "This link does not hold progress of this course, or it is damaged; nothing was changed."
    ),
    "search.results": _("results. Use the arrow keys to choose."),
    "search.none": _("No lesson matches. Press Enter to search all pages."),
    "search.all": _("All results for"),
    "search.offline": _("Search is not available here: open the course from a web server."),
    "search.label": _("Search results"),
    "search.count": _("lessons match"),
    "search.nothing": _("No lesson matches. Try fewer or different words."),
    "play.loading": _("Loading Python (about 13 MB, only the first time)…"),
    "play.flask": _("Installing Flask…"),
    "play.extensions": _("Installing Flask's extensions…"),
    "play.title": _("Playground"),
    "play.files": _("Files"),
    "play.code": _("Code of the example"),
    "play.keys": _("Tab indents, Shift+Tab dedents, Esc leaves the editor."),
    "play.editorkeys": _(
        "Tab indents, Shift+Tab dedents; to leave the editor, press Esc then Tab. Ctrl+F searches."
    ),
    "play.snippet": _("Marked: lines {from}–{to}, the part the lesson shows."),
    "play.method": _("Method"),
    "play.command": _("flask command"),
    "play.path": _("Path"),
    "play.kind": _("Body"),
    "play.nobody": _("No body"),
    "play.form": _("Form fields"),
    "play.bodytext": _("Request body"),
    "play.run": _("Run"),
    "play.stoprun": _("Stop running"),
    "play.resetcode": _("Reset code"),
    "play.args": _("Command"),
    "play.running": _("Running…"),
    "play.done": _("Done in"),
    "play.stopped": _("Stopped. The next run starts Python again."),
    "play.script": _("This example is not a web app: here is what it prints."),
    "play.cli": _("Output of the command:"),
    "play.redirected": _("Followed a redirect:"),
    "play.headers": _("Headers"),
    "play.page": _("The page the app returned"),
    "play.binary": _("binary data"),
    "play.resetdone": _("The example's original code is back."),
    "play.noexample": _("The example to check is not on this page."),
    "play.passed": _("Passed"),
    "play.failed": _("Not yet"),
    "play.allpassed": _("All checks passed."),
    "play.somefailed": _("Some checks did not pass yet."),
    "lesson.auto": _("Everything on this page passed: lesson marked as complete."),
    "play.runit": _("Run"),
    "play.runlabel": _("Run this example in the browser"),
    "play.check": _("Check my code"),
    "play.needserver": _(
        "Running examples needs the course served by a web server, not opened from disk: in "
        "the course's folder run python3 -m http.server 8000, then open http://localhost:8000/."
    ),
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


#: primary language subtags of the languages written right to left
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


def direction(lang: str) -> str:
    """``"rtl"`` for a language written right to left (by its primary subtag), else ``"ltr"``."""
    primary = lang.replace("_", "-").split("-", 1)[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


def lang_attr(page: Chapter | Lesson) -> Markup:
    """`` lang="en"`` for a chapter or lesson whose texts are in another language than the
    page around them (an untranslated original in a translation), so screen readers switch
    voice; nothing otherwise.
    """
    return Markup(f' lang="{escape(page.text_lang)}"') if page.text_lang else Markup("")


def lang_title(page: Chapter | Lesson) -> Markup:
    """The page's title, wrapped in ``<span lang="en">`` when :func:`lang_attr` would say so."""
    if page.text_lang:
        return Markup(f'<span lang="{escape(page.text_lang)}">{escape(page.title)}</span>')
    return escape(page.title)
