"""What front matter, ``course.yml`` and ``chapter.yml`` may say, checked key by key."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

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


def _http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value.strip())
    return value == "" or (parts.scheme in ("http", "https") and bool(parts.netloc))


#: A language code, which is also the first part of its pages' addresses (``/es/``).
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _language_code(code: Any) -> str:
    """What is wrong with a language code, or "" when it is a valid one."""
    from .loader import RESERVED  # the addresses the site uses; loader imports this module

    text = str(code)
    if not LANGUAGE_TAG.fullmatch(text):
        return (
            f"{text!r} is not a language code; use one such as 'en', 'es' or 'pt-BR' "
            "(it is also the address of the translation, /es/)"
        )
    if text in RESERVED:
        return f"the language code {text!r} is an address the site itself uses; choose another"
    return ""


def _languages(value: Any) -> bool | str:
    if not isinstance(value, dict):
        return False
    return next(filter(None, map(_language_code, value)), True)


def _default_language(value: Any) -> bool | str:
    return isinstance(value, str) and (_language_code(value) or True)


#: A check returns True when the value is good, False (the rule's "expected" says what is),
#: or a message that says what is wrong.
Rule = tuple[Callable[[Any], bool | str], str]

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
    "repository": (_http_url, "an http(s) URL such as https://github.com/you/course"),
    "base_url": (_text, "a path such as /my-course/"),
    "url": (_http_url, "an http(s) URL such as https://example.github.io/my-course/"),
    "trusted_html": (_flag, "true or false"),
    "languages": (_languages, "a mapping of language codes to names, e.g. 'es: Español'"),
    "default_language": (_default_language, "a language code such as 'en'"),
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
        verdict = check(value)
        if verdict is True:
            clean[key] = value
        else:
            line = document.line_of(key, fallback_line)
            message = verdict or f"'{key}' must be {expected}, not {_describe(value)}"
            problems.append(Diagnostic(source, line, f"'{key}': {message}" if verdict else message))
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
