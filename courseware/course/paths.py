"""From file names under ``lessons/`` to slugs and page addresses; pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata

ORDERED = re.compile(r"^(?P<order>\d+)-(?P<rest>.+)$")
TRANSLATIONS = "_translations"


def slugify(text: str) -> str:
    """``"Qué es MVC?"`` → ``"que-es-mvc"``: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_order(stem: str) -> tuple[int | None, str]:
    """``"02-what-is-mvc"`` → ``(2, "what-is-mvc")``; names without a number give ``None``."""
    match = ORDERED.match(stem)
    if not match:
        return None, slugify(stem)
    return int(match["order"]), slugify(match["rest"])


def page_path(relpath: str) -> str | None:
    """The page address of a Markdown file under ``lessons/``, or ``None`` if it is no page.

    ``02-mvc/01-what-is-mvc.md`` → ``mvc/what-is-mvc/``; ``02-mvc/index.md`` → ``mvc/``;
    ``_translations/es/02-mvc/01-what-is-mvc.md`` → ``es/mvc/what-is-mvc/``.
    """
    parts = relpath.split("/")
    prefix = ""
    if len(parts) > 2 and parts[0] == TRANSLATIONS:
        prefix = parts[1] + "/"
        parts = parts[2:]
    if len(parts) != 2 or not parts[1].endswith(".md"):
        return None
    chapter_order, chapter = split_order(parts[0])
    if chapter_order is None or not chapter:
        return None
    stem = parts[1][:-3]
    if stem == "index":
        return f"{prefix}{chapter}/"
    order, lesson = split_order(stem)
    if order is None or not lesson:
        return None
    return f"{prefix}{chapter}/{lesson}/"
