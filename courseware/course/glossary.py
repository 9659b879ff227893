"""``lessons/glossary.yml``: the course's terms, which lessons link to with ``[[term]]``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from ..errors import ContentError, Diagnostic
from .frontmatter import YamlLimitError, decode, load_yaml, read_limited, yaml_error_position
from .model import GlossaryEntry
from .paths import page_path
from .rendering.glossary import term_anchor

FILE = "glossary.yml"
EXAMPLE = "- term: WSGI\n  definition: The interface between Python web apps and servers."


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
        line, message = yaml_error_position(exc, text)
        if not isinstance(exc, YamlLimitError):
            message = f"YAML syntax error: {message}"
        return (), [Diagnostic(source, line + 1, message)]
    except yaml.YAMLError as exc:
        return (), [Diagnostic(source, 1, f"YAML syntax error: {exc}")]
    if data is None or node is None:
        return (), []
    if not isinstance(data, list):
        return (), [
            Diagnostic(source, 1, f"the glossary must be a list of terms, like:\n{EXAMPLE}")
        ]
    entries: list[GlossaryEntry] = []
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
        entries.append(GlossaryEntry(term, term_anchor(term), inline(definition), link, line))
    entries.sort(key=lambda entry: entry.term.lower())
    return tuple(entries), problems


def find(glossary: tuple[GlossaryEntry, ...], term: str) -> GlossaryEntry | None:
    wanted = term.strip().lower()
    return next((entry for entry in glossary if entry.term.lower() == wanted), None)
