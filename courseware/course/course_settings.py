"""``course.yml``: the course's title, description, address and languages.

A translation may have its own ``course.yml`` with a translated title and description.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import ContentError, Diagnostic
from .frontmatter import read_yaml_file
from .metadata import COURSE_KEYS, TRANSLATED_COURSE_KEYS, texts, validate, warning
from .model import Course, Language
from .paths import TRANSLATIONS
from .sources import Reader


def read_course(reader: Reader) -> Course:
    """The course as course.yml describes it; a missing or broken file is reported."""
    file = reader.root / "course.yml"
    source = reader.display("course.yml")
    if not file.is_file():
        reader.report(
            Diagnostic(source, 0, "course.yml is missing; create it with at least 'title: ...'")
        )
        return Course(title="Untitled course")
    try:
        document = read_yaml_file(file, source)
    except ContentError as exc:
        reader.report(exc.diagnostic)
        return Course(title="Untitled course")
    data, problems = validate(document, COURSE_KEYS, source)
    reader.report(problems)
    return Course(
        title=str(data.get("title") or "Untitled course"),
        description=data.get("description", ""),
        author=data.get("author", ""),
        licence=data.get("licence") or data.get("license", ""),
        repository=data.get("repository", ""),
        base_url=_normalise_base(data.get("base_url", "")),
        url=data.get("url", ""),
        languages=_languages(reader, data, document.line_of("languages"), source),
        embeds=tuple(dict.fromkeys(texts(data.get("embeds")))),
        images=tuple(dict.fromkeys(texts(data.get("images")))),
        meta=data,
    )


def _languages(
    reader: Reader, data: dict[str, Any], line: int, source: str
) -> tuple[Language, ...]:
    default = str(data.get("default_language") or "en")
    declared = data.get("languages") or {default: "English" if default == "en" else default}
    if not isinstance(declared, dict):
        reader.report(
            Diagnostic(source, line, "'languages' must map codes to names, e.g. 'es: Español'")
        )
        declared = {default: default}
    # The codes were checked with course.yml's other keys (metadata.py).
    languages = [Language(str(code), str(name)) for code, name in declared.items()]
    languages.sort(key=lambda language: language.code != default)
    if languages[0].code != default:
        languages.insert(0, Language(default, default))
    return tuple(languages)


def report_undeclared_translations(reader: Reader, course: Course) -> None:
    """Warn about each translation folder whose language ``course.yml`` does not list: it is
    read by nothing, so an author would wonder why it never appears."""
    folder = reader.root / TRANSLATIONS
    if not folder.is_dir():
        return
    declared = {language.code for language in course.languages}
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        code = entry.name
        if not entry.is_dir() or code.startswith((".", "_")) or code in declared:
            continue
        reader.report(
            warning(
                reader.display(f"{TRANSLATIONS}/{code}"),
                0,
                f"the language '{code}' is not listed under 'languages' in course.yml, so "
                f"this translation is not published; add '{code}: Name' (its name in its "
                "own language) under 'languages:'",
            )
        )


def read_translated_course(reader: Reader, course: Course, base_rel: str) -> Course | None:
    """The course's title and description from a translation's own ``course.yml``."""
    file = reader.root / base_rel / "course.yml"
    if not file.is_file():
        return None
    source = reader.display(f"{base_rel}course.yml")
    try:
        document = read_yaml_file(file, source)
    except ContentError as exc:
        reader.report(exc.diagnostic)
        return None
    data, problems = validate(document, TRANSLATED_COURSE_KEYS, source, require_title=False)
    reader.report(problems)
    for key in sorted(data.keys() - TRANSLATED_COURSE_KEYS.keys()):
        message = f"'{key}' is not translated; only 'title' and 'description' are"
        reader.report(warning(source, document.line_of(key), message))
    return replace(
        course,
        title=str(data.get("title") or course.title),
        description=str(data.get("description") or course.description),
        edition=base_rel.split("/")[1],
    )


def _normalise_base(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    return "/" + value.strip("/") + "/" if value.strip("/") else "/"
