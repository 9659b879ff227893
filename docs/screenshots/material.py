"""The course's Markdown built with Material for MkDocs, to compare the two side by side.

``python docs/screenshots/material.py OUT`` copies every lesson of the English course into a
MkDocs project in ``OUT/project`` (``theme: material``, light and dark palettes with a toggle
that starts by following the device, the search plugin, the usual pymdown extensions) and
builds it into ``OUT/site``, under the same paths as ours (``flask-essentials/sessions/``).
Needs the ``bench`` extra (``mkdocs-material``).

What is fair and what is not: files are copied as they are, only their ``NN-`` prefixes taken
off (and the links to them rewritten the same way), and code fences keep their language and
``title`` only (SuperFences reads a fence with our ``norun="why"`` as prose, and the rest of the
page as code). Material shows front matter's ``title`` and nothing else of it (no objectives,
timings or key points), and our own syntax (quizzes, exercises, checks, glossary terms) shows
as written. The home page and chapter pages are plain Markdown lists made from ``course.yml``
and ``chapter.yml``. Google Fonts are
off (``font: false``): this machine has no network, and a reader's browser would fetch them from
Google, which would only slow Material down.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
NUMBERED = re.compile(r"^\d+-")
FENCE = re.compile(r"^(\s*```[\w+-]+)(.*)$", re.MULTILINE)
ATTRIBUTE = re.compile(r'\b([a-z_]+)(?:="[^"]*")?')
LINK = re.compile(r"\]\(([^)\s]+?\.md)(#[^)\s]*)?\)")

CONFIG = {
    "theme": {
        "name": "material",
        "font": False,
        "palette": [
            {
                "media": "(prefers-color-scheme)",
                "toggle": {"icon": "material/brightness-auto", "name": "Switch to light mode"},
            },
            {
                "media": "(prefers-color-scheme: light)",
                "scheme": "default",
                "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
            },
            {
                "media": "(prefers-color-scheme: dark)",
                "scheme": "slate",
                "toggle": {"icon": "material/brightness-4", "name": "Switch to system preference"},
            },
        ],
        "features": [
            "navigation.sections",
            "navigation.indexes",
            "navigation.footer",
            "navigation.top",
            "search.suggest",
            "search.highlight",
            "content.code.copy",
            "toc.follow",
        ],
    },
    "plugins": ["search"],
    "markdown_extensions": [
        "admonition",
        "attr_list",
        "md_in_html",
        "tables",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.inlinehilite",
        {"pymdownx.highlight": {"anchor_linenums": True}},
        {"pymdownx.tabbed": {"alternate_style": True}},
        {"toc": {"permalink": True}},
    ],
}


def plain(name: str) -> str:
    """``10-sessions.md`` → ``sessions.md``; ``03-flask-essentials`` → ``flask-essentials``."""
    return NUMBERED.sub("", name)


def relink(text: str) -> str:
    """Links to ``../03-flask-essentials/10-sessions.md`` follow the renamed files."""

    def fix(match: re.Match[str]) -> str:
        target = "/".join(plain(part) for part in match.group(1).split("/"))
        return f"]({target}{match.group(2) or ''})"

    return LINK.sub(fix, text)


def plain_fences(text: str) -> str:
    """Fence lines keep their language and ``title``; our ``norun="why"`` and such would make
    SuperFences take the fence for prose and the rest of the page for code."""

    def fix(match: re.Match[str]) -> str:
        kept = [m.group(0) for m in ATTRIBUTE.finditer(match.group(2)) if m.group(1) == "title"]
        return " ".join([match.group(1), *kept])

    return FENCE.sub(fix, text)


def front_matter(text: str) -> dict:
    """A lesson's YAML front matter."""
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}


def write_project(project: Path, lessons: Path = LESSONS) -> Path:
    """Copy the course into a MkDocs project; returns its ``mkdocs.yml``."""
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    docs.mkdir(parents=True)
    course = yaml.safe_load((lessons / "course.yml").read_text())
    home = [f"# {course['title']}", "", course["description"], ""]
    nav: list = [{"Home": "index.md"}]
    for chapter_dir in sorted(p for p in lessons.iterdir() if (p / "chapter.yml").exists()):
        chapter = yaml.safe_load((chapter_dir / "chapter.yml").read_text())
        slug = plain(chapter_dir.name)
        (docs / slug).mkdir()
        if (chapter_dir / "examples").is_dir():  # lessons include and link to these files
            shutil.copytree(chapter_dir / "examples", docs / slug / "examples")
        page = [f"# {chapter['title']}", "", chapter.get("summary", ""), ""]
        entries: list = [f"{slug}/index.md"]
        home += [f"## [{chapter['title']}]({slug}/index.md)", "", chapter.get("summary", ""), ""]
        for lesson in sorted(chapter_dir.glob("[0-9]*.md")):
            text = lesson.read_text()
            meta = front_matter(text)
            name = plain(lesson.name)
            (docs / slug / name).write_text(plain_fences(relink(text)))
            entries.append({meta.get("title", name): f"{slug}/{name}"})
            page.append(f"- [{meta.get('title', name)}]({name}): {meta.get('summary', '')}")
        (docs / slug / "index.md").write_text("\n".join(page) + "\n")
        nav.append({chapter["title"]: entries})
    (docs / "index.md").write_text("\n".join(home) + "\n")
    config = {"site_name": course["title"], "site_description": course["description"], **CONFIG}
    config["nav"] = nav
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return path


def build(out: Path, lessons: Path = LESSONS) -> Path:
    """Write the project into ``out/project``, build it into ``out/site``; returns the site."""
    config = write_project(out / "project", lessons)
    site = out / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve()))
