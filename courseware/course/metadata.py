"""What front matter, ``course.yml`` and ``chapter.yml`` may say, checked key by key."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from ..errors import Diagnostic, Severity
from .frontmatter import YamlDocument
from .keys import did_you_mean, is_own_key, unknown_key_message


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
    from .sources import RESERVED  # the addresses the site uses; sources imports this module

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


#: A host name such as ``www.youtube-nocookie.com``: no scheme, port, path or wildcard.
HOST_NAME = re.compile(
    r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+"
)


def _hosts(value: Any) -> bool | str:
    if not isinstance(value, list):
        return False
    for item in value:
        text = str(item)
        if not HOST_NAME.fullmatch(text):
            return (
                f"{text!r} is not a host name; write the host alone, in lower case, "
                "such as 'www.youtube-nocookie.com' (no 'https://', no path)"
            )
    return True


def _default_language(value: Any) -> bool | str:
    return isinstance(value, str) and (_language_code(value) or True)


class Rule(NamedTuple):
    """What a key's value must be."""

    #: True when the value is good, False (``expected`` says what it must be), or a message
    #: that says what is wrong
    check: Callable[[Any], bool | str]
    expected: str  #: what the value must be, for the message: "a whole number of minutes"
    #: the page shows the text exactly as typed (no Markdown), so markup in it shows too
    as_typed: bool = False


LESSON_KEYS: dict[str, Rule] = {
    "title": Rule(_text, "text", as_typed=True),
    "summary": Rule(_text, "text"),
    "objectives": Rule(_text_list, "a list of texts ('- ...' lines)"),
    "keypoints": Rule(_text_list, "a list of texts ('- ...' lines)"),
    "minutes": Rule(_whole, "a whole number of minutes"),
    "exercises_minutes": Rule(_whole, "a whole number of minutes"),
    "draft": Rule(_flag, "true or false"),
    "tags": Rule(_text_list, "a list of texts, e.g. [flask, basics]"),
    "source_hash": Rule(_text, "text"),
}
CHAPTER_KEYS: dict[str, Rule] = {
    "title": Rule(_text, "text", as_typed=True),
    "summary": Rule(_text, "text", as_typed=True),
    "draft": Rule(_flag, "true or false"),
}
COURSE_KEYS: dict[str, Rule] = {
    "title": Rule(_text, "text", as_typed=True),
    "description": Rule(_text, "text", as_typed=True),
    "author": Rule(_text, "text", as_typed=True),
    "licence": Rule(_text, "text", as_typed=True),
    "license": Rule(_text, "text", as_typed=True),
    "repository": Rule(_http_url, "an http(s) URL such as https://github.com/you/course"),
    "base_url": Rule(_text, "a path such as /my-course/"),
    "url": Rule(_http_url, "an http(s) URL such as https://example.github.io/my-course/"),
    "trusted_html": Rule(_flag, "true or false"),
    #: report Python, Jinja, shell and console blocks that nothing runs (see code_runs.py)
    "check_code_runs": Rule(_flag, "true or false"),
    "languages": Rule(_languages, "a mapping of language codes to names, e.g. 'es: Español'"),
    "default_language": Rule(_default_language, "a language code such as 'en'"),
    #: hosts whose pages lessons may embed with ``<iframe>``
    "embeds": Rule(_hosts, "a list of host names, e.g. [www.youtube-nocookie.com]"),
    #: hosts lessons may show images from
    "images": Rule(_hosts, "a list of host names, e.g. [upload.wikimedia.org]"),
}

#: The front matter of the course's home text, ``lessons/index.md`` (optional, as is its title).
HOME_KEYS: dict[str, Rule] = {
    "title": Rule(_text, "text", as_typed=True),
}

#: What a translation's ``course.yml`` may translate; the rest is the original's.
TRANSLATED_COURSE_KEYS: dict[str, Rule] = {
    "title": Rule(_text, "text", as_typed=True),
    "description": Rule(_text, "text", as_typed=True),
}


#: The longest text a key of front matter, course.yml or chapter.yml may hold (the course's
#: longest summary is 261): checks and inline Markdown over a text take time in its square.
MAX_TEXT = 2_000


def _too_long(key: str, value: Any) -> str | None:
    """Why ``value`` is too long for ``key``, if one of its texts is."""
    items = value if isinstance(value, list) else [value]
    longest = max((len(item) for item in items if isinstance(item, str)), default=0)
    if longest <= MAX_TEXT:
        return None
    return (
        f"'{key}' holds a text of {longest:,} characters; the limit is {MAX_TEXT:,}: keep it "
        "short and put the rest in the lesson"
    )


def validate(
    document: YamlDocument,
    rules: dict[str, Rule],
    source: str,
    *,
    require_title: bool = True,
    fallback_line: int = 1,
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Keep the well-typed keys; report the others and a missing title by file and line.

    Unknown keys are kept (a key of the author's own starts with ``x-``) and reported as
    warnings with the key they probably misspell.
    """
    clean: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    where = _where(source)
    unknown = [key for key in document.data if key not in rules]
    title_typo = did_you_mean("title", unknown) if require_title else None
    for key, value in document.data.items():
        rule = rules.get(key)
        line = document.line_of(key, fallback_line)
        if rule is None:
            clean[key] = value
            if key == title_typo and "title" not in document.data:
                continue  # reported below as the missing title
            if not is_own_key(key) and not _reported_elsewhere(key, rules):
                message = unknown_key_message(key, rules, where)
                problems.append(Diagnostic(source, line, message, Severity.WARNING, 1))
            continue
        if value is None:
            continue
        too_long = _too_long(key, value)
        if too_long is not None:
            problems.append(Diagnostic(source, line, too_long))
            continue
        verdict = rule.check(value)
        if verdict is True:
            clean[key] = value
            if rule.as_typed and isinstance(value, str):
                shown = shown_markup(value)
                if shown:
                    # A glossary link's [[ ]] is a block marker on the page: an error; stray
                    # backticks or stars are only untidy.
                    severity = Severity.ERROR if shown[1] == GLOSSARY_MARKUP else Severity.WARNING
                    message = as_typed_message(key, *shown)
                    problems.append(Diagnostic(source, line, message, severity))
        else:
            message = verdict or f"'{key}' must be {rule.expected}, not {_describe(value)}"
            problems.append(Diagnostic(source, line, f"'{key}': {message}" if verdict else message))
    if require_title:
        line = document.line_of("title", fallback_line)
        title = document.data.get("title")
        if "title" not in document.data:
            message = f"there is no 'title'; add a line 'title: ...' to {where}"
            if title_typo is not None:
                line = document.line_of(title_typo, line)
                message = f"there is no 'title': '{title_typo}:' on this line should be 'title:'"
            problems.append(Diagnostic(source, line, message))
        elif title is None or (isinstance(title, str) and not title.strip()):
            message = f"'title' is empty; write the title after 'title:' in {where}"
            problems.append(Diagnostic(source, line, message))
    return clean, problems


def _where(source: str) -> str:
    """How to speak of the file the keys come from: course.yml, chapter.yml or front matter."""
    name = PurePosixPath(source).name
    return name if name.endswith((".yml", ".yaml")) else "the front matter"


def _reported_elsewhere(key: str, rules: dict[str, Rule]) -> bool:
    """A translation's course.yml may not translate the original's other keys: the loader
    says so in its own words."""
    return rules is TRANSLATED_COURSE_KEYS and key in COURSE_KEYS


GLOSSARY_MARKUP = "a glossary link"
#: Markup that shows as typed in a text that is not Markdown, and what it is.
SHOWN_MARKUP = (
    (re.compile(r"\[\[([^\]|\n]+?)(?:\|([^\]\n]+?))?\]\]"), GLOSSARY_MARKUP),
    (re.compile(r"`[^`\n]+`"), "backticks"),
    (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), "bold markup"),
    (re.compile(r"(?<![\w*])\*(?=\S)[^*\n]+(?<=\S)\*(?![\w*])"), "emphasis markup"),
    (re.compile(r"(?<![\w_])_(?=\S)[^_\n]+(?<=\S)_(?![\w_])"), "emphasis markup"),
    (re.compile(r"\[[^\]\n]+\]\([^)\n]*\)"), "a Markdown link"),
    (re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>"), "an HTML tag"),
)


def shown_markup(text: str) -> tuple[str, str] | None:
    """The first piece of Markdown in ``text`` and what it is, or ``None``."""
    for pattern, what in SHOWN_MARKUP:
        match = pattern.search(text)
        if match:
            return match[0], what
    return None


def as_typed_message(key: str, found: str, what: str) -> str:
    advice = "write plain text"
    if what == GLOSSARY_MARKUP:
        words = SHOWN_MARKUP[0][0].sub(lambda match: match[2] or match[1], found)
        advice = f"write '{words}' alone (glossary links work in summaries and in the text)"
    return f"'{key}' is shown exactly as typed, so '{found}' ({what}) appears literally; {advice}"


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
