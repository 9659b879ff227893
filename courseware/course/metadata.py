"""What front matter, ``course.yml`` and ``chapter.yml`` may say, checked key by key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import Diagnostic, Severity
from .frontmatter import YamlDocument


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str | int | float) for item in value)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


Rule = tuple[Callable[[Any], bool], str]

LESSON_KEYS: dict[str, Rule] = {
    "title": (_text, "text"),
    "summary": (_text, "text"),
    "objectives": (_text_list, "a list of texts ('- ...' lines)"),
    "keypoints": (_text_list, "a list of texts ('- ...' lines)"),
    "minutes": (_whole, "a whole number of minutes"),
    "exercises_minutes": (_whole, "a whole number of minutes"),
    "draft": (_flag, "true or false"),
    "tags": (_text_list, "a list of texts, e.g. [flask, basics]"),
    "source_hash": (_text, "text"),
}
CHAPTER_KEYS: dict[str, Rule] = {
    "title": (_text, "text"),
    "summary": (_text, "text"),
    "draft": (_flag, "true or false"),
}
COURSE_KEYS: dict[str, Rule] = {
    "title": (_text, "text"),
    "description": (_text, "text"),
    "author": (_text, "text"),
    "licence": (_text, "text"),
    "license": (_text, "text"),
    "repository": (_text, "a URL"),
    "base_url": (_text, "a path such as /my-course/"),
    "url": (_text, "a URL such as https://example.github.io/my-course/"),
    "trusted_html": (_flag, "true or false"),
}

#: What a translation's ``course.yml`` may translate; the rest is the original's.
TRANSLATED_COURSE_KEYS: dict[str, Rule] = {
    "title": (_text, "text"),
    "description": (_text, "text"),
}


def validate(
    document: YamlDocument,
    rules: dict[str, Rule],
    source: str,
    *,
    require_title: bool = True,
    fallback_line: int = 1,
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Keep the well-typed keys; report the others and a missing title by file and line."""
    clean: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for key, value in document.data.items():
        rule = rules.get(key)
        if rule is None:
            clean[key] = value  # unknown keys are the author's own notes
            continue
        check, expected = rule
        if value is None:
            continue
        if check(value):
            clean[key] = value
        else:
            line = document.line_of(key, fallback_line)
            problems.append(
                Diagnostic(source, line, f"'{key}' must be {expected}, not {_describe(value)}")
            )
    if require_title:
        line = document.line_of("title", fallback_line)
        title = document.data.get("title")
        if "title" not in document.data:
            message = "there is no 'title'; add a line 'title: ...' to the front matter"
            problems.append(Diagnostic(source, line, message))
        elif title is None or (isinstance(title, str) and not title.strip()):
            problems.append(Diagnostic(source, line, "'title' is empty"))
    return clean, problems


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else "a text"
    return repr(value)


def texts(value: Any) -> tuple[str, ...]:
    """A validated list of texts as a tuple of ``str``."""
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def warning(source: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(source, line, message, Severity.WARNING)
