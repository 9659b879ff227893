"""``lessons/glossary.yml``: the course's terms, which lessons link to with ``[[term]]``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml

from ..errors import ContentError, Diagnostic, Severity
from .frontmatter import YamlLimitError, decode, load_yaml, read_limited, yaml_error_position
from .keys import duplicate_problems, key_problems
from .metadata import MAX_TEXT
from .model import GlossaryEntry
from .paths import page_path
from .rendering.glossary import GLOSSARY_LINK, term_anchor
from .yaml_errors import describe

FILE = "glossary.yml"
EXAMPLE = "- term: WSGI\n  definition: The interface between Python web apps and servers."
ENTRY_KEYS = ("term", "definition", "link")


def read_glossary(
    file: Path, source: str, prefix_relpath: str, inline: Callable[[str], str]
) -> tuple[tuple[GlossaryEntry, ...], list[Diagnostic]]:
    """Read a glossary file: a list of ``term``/``definition``/``link`` mappings.

    ``prefix_relpath`` is where the file lives under lessons/ ("" or
    "_translations/es/"), so lesson links in it resolve like links in lessons do.
    """
    if not file.is_file():
        return (), []
    problems: list[Diagnostic] = []
    text = ""
    try:
        text = decode(read_limited(file, source), source)
        data, node = load_yaml(text)
    except ContentError as exc:
        return (), [exc.diagnostic]
    except OSError as exc:
        return (), [Diagnostic(source, 0, f"cannot read the file: {exc.strerror}")]
    except yaml.MarkedYAMLError as exc:
        if isinstance(exc, YamlLimitError):
            line, message = yaml_error_position(exc, text)
            return (), [Diagnostic(source, line + 1, message)]
        problem = describe(exc, text, 1)
        message = f"YAML syntax error: {problem.message}"
        return (), [Diagnostic(source, problem.line + 1, message, column=problem.column)]
    except yaml.YAMLError as exc:
        return (), [Diagnostic(source, 1, f"YAML syntax error: {exc}")]
    if data is None or node is None:
        return (), []
    if not isinstance(data, list):
        return (), [
            Diagnostic(source, 1, f"the glossary must be a list of terms, like:\n{EXAMPLE}")
        ]
    keys = duplicate_problems(node)
    for item_node in node.value:
        keys.extend(key_problems(item_node, ENTRY_KEYS, "a glossary entry"))
    for problem in keys:
        severity = Severity.WARNING if problem.warning else Severity.ERROR
        problems.append(
            Diagnostic(source, problem.line + 1, problem.message, severity, problem.column)
        )
    raw: list[tuple[str, str, str, int, int]] = []  # term, definition, link, lines
    seen: dict[str, int] = {}
    for item, item_node in zip(data, node.value, strict=False):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict) or not isinstance(item.get("term"), str | int | float):
            problems.append(Diagnostic(source, line, "each glossary entry needs a 'term'"))
            continue
        term = str(item["term"]).strip()
        definition = item.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            problems.append(
                Diagnostic(source, line, f"the glossary term '{term}' has no 'definition'")
            )
            continue
        longest = max(len(term), len(definition))
        if longest > MAX_TEXT:  # its links and Markdown take time in the square of its length
            message = (
                f"the glossary entry '{term[:40]}' holds a text of {longest:,} characters; the "
                f"limit is {MAX_TEXT:,}: keep the definition short and link to a lesson for more"
            )
            problems.append(Diagnostic(source, line, message))
            continue
        if term.lower() in seen:
            problems.append(
                Diagnostic(
                    source,
                    line,
                    f"the term '{term}' is already defined on line {seen[term.lower()]}",
                )
            )
            continue
        seen[term.lower()] = line
        link = str(item.get("link") or "")
        if link and not link.startswith(("http://", "https://")):
            path = page_path(prefix_relpath + link.lstrip("/"))
            if path is None:
                problems.append(
                    Diagnostic(
                        source,
                        line,
                        f"the link '{link}' of '{term}' is not a lesson file such as "
                        "'02-mvc/01-what-is-mvc.md'",
                    )
                )
                link = ""
            else:
                link = path
        definition_line = next(
            (v.start_mark.line + 1 for k, v in item_node.value if k.value == "definition"), line
        )
        raw.append((term, definition, link, line, definition_line))
    entries = []
    for term, definition, link, line, definition_line in raw:
        text, unknown = _term_links(definition, seen)
        for missing in unknown:
            problems.append(
                Diagnostic(
                    source,
                    definition_line,
                    f"the definition of '{term}' links to '{missing}', which is not in the "
                    "glossary; add it, or write the word without [[ ]]",
                )
            )
        entries.append(GlossaryEntry(term, term_anchor(term), inline(text), link, line))
    entries.sort(key=lambda entry: entry.term.lower())
    return tuple(entries), problems


def find(glossary: tuple[GlossaryEntry, ...], term: str) -> GlossaryEntry | None:
    wanted = term.strip().lower()
    return next((entry for entry in glossary if entry.term.lower() == wanted), None)


def _term_links(definition: str, terms: dict[str, int]) -> tuple[str, list[str]]:
    """``[[Term]]`` in a definition as a Markdown link to the term on the glossary page."""
    unknown: list[str] = []

    def link(match: re.Match[str]) -> str:
        term = match[1].strip()
        if term.lower() not in terms:
            unknown.append(term)
            return match[2] or match[1]
        return f"[{(match[2] or match[1]).strip()}](#{term_anchor(term)})"

    return re.sub(GLOSSARY_LINK, link, definition), unknown
