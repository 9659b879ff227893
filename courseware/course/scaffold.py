"""``python build.py new`` and ``new-chapter``: start a lesson or a chapter from a skeleton.

The skeletons explain every key in comments and already pass the checker, so an instructor
starts from something that works and fills it in.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import BuildError, ContentError
from .paths import slugify, split_order

LESSON = """---
# The lesson's title, shown as its heading and in the navigation (required).
title: {title}
# One or two sentences, shown in lists of lessons and in search results.
summary: Say in one sentence what this lesson teaches.
# What learners will be able to do after the lesson.
objectives:
  - Replace this with an objective, such as "Explain what a model is".
# The take-away messages, shown at the end of the lesson and on the key points page.
keypoints:
  - Replace this with the lesson's main message.
# Teaching and exercise time in minutes, for the instructor schedule.
minutes: 15
exercises_minutes: 10
# A draft shows in the preview but is not published. Remove this line when the lesson is ready.
draft: true
---

## A first section

Write the lesson here, in Markdown. Start sections at `##`: the title above is the page's
heading. Link to another lesson with its file name, e.g. `[the next lesson](02-next.md)`.

!!! instructor
    Notes for whoever teaches this lesson: timing, demonstrations, common mistakes.
    Learners never see them.

!!! exercise "Try it yourself"
    Describe the task, and what the learner should see when it works.

    ??? hint
        A first nudge in the right direction. Add more hints below; they open one at a time.

    ??? solution
        The answer, with a sentence on why it works.

## Check your understanding

```quiz
- question: Replace this question.
  type: single          # single: one correct option; multiple: one or more
  options:
    - text: The right answer
      correct: true
      explain: Say why this answer is right.
    - text: A tempting wrong answer
      correct: false
      explain: Say why this answer is wrong.
```
"""

CHAPTER = """# The chapter's title and a one-sentence summary, shown on the course home page.
title: {title}
summary: Say in one sentence what this chapter covers.
"""


def _numbered(folder: Path, pattern: str) -> list[tuple[int, Path]]:
    found = []
    for path in folder.glob(pattern):
        order, _ = split_order(path.stem if path.is_file() else path.name)
        if order is not None and not path.name.startswith((".", "_")):
            found.append((order, path))
    return sorted(found)


def find_chapter(lessons_dir: Path, name: str) -> Path:
    """A chapter folder given as ``02-mvc``, ``mvc`` or ``lessons/02-mvc``."""
    wanted = Path(name).name
    for _, folder in _numbered(lessons_dir, "*/"):
        if folder.name == wanted or split_order(folder.name)[1] == slugify(wanted):
            return folder
    raise BuildError(
        f"there is no chapter '{name}' in {lessons_dir}; use a folder name such as "
        f"'{next(iter(_numbered(lessons_dir, '*/')), (0, Path('02-mvc')))[1].name}'"
    )


def new_lesson(lessons_dir: Path, chapter: str, title: str) -> Path:
    """Create the chapter's next lesson file from the skeleton and return its path."""
    folder = find_chapter(lessons_dir, chapter)
    title = _checked_title(title)
    slug = slugify(title)
    numbers = [order for order, _ in _numbered(folder, "*.md")]
    path = folder / f"{(max(numbers) + 1 if numbers else 1):02d}-{slug}.md"
    if any(split_order(p.stem)[1] == slug for _, p in _numbered(folder, "*.md")):
        raise BuildError(f"{folder.name} already has a lesson called '{slug}'")
    path.write_text(LESSON.format(title=yaml_quoted(title)), encoding="utf-8")
    return path


def new_chapter(lessons_dir: Path, title: str) -> tuple[Path, Path]:
    """Create the next chapter folder with its chapter.yml and a first lesson.

    Every check comes before the first file is written: a refused name leaves nothing behind.
    """
    from .loader import RESERVED  # the addresses the site itself uses

    title = _checked_title(title)
    slug = slugify(title)
    if slug in RESERVED or slug in _language_codes(lessons_dir):
        raise BuildError(
            f"the chapter address '{slug}' is used by the site itself; choose another title, "
            f"e.g. '{title} basics'"
        )
    chapters = _numbered(lessons_dir, "*/")
    if any(split_order(p.name)[1] == slug for _, p in chapters):
        raise BuildError(f"there is already a chapter called '{slug}'")
    folder = lessons_dir / f"{(chapters[-1][0] + 1 if chapters else 1):02d}-{slug}"
    folder.mkdir()
    (folder / "chapter.yml").write_text(CHAPTER.format(title=yaml_quoted(title)), encoding="utf-8")
    return folder, new_lesson(lessons_dir, folder.name, "Introduction")


def _checked_title(title: str) -> str:
    title = title.strip()
    if not slugify(title):
        raise BuildError("the title needs at least one letter or digit")
    if any(0xD800 <= ord(char) <= 0xDFFF for char in title):
        raise BuildError("the title has bytes that are not text; type it again")
    return title


def _language_codes(lessons_dir: Path) -> set[str]:
    """The course's language codes, which are page addresses too."""
    from .frontmatter import read_yaml_file

    try:
        languages = read_yaml_file(lessons_dir / "course.yml", "course.yml").data.get("languages")
    except (ContentError, OSError):
        return set()
    return {str(code) for code in languages} if isinstance(languages, dict) else set()


#: What YAML reads as text inside double quotes; anything else is written as an escape.
_PRINTABLE = re.compile(
    r"[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted string that reads back exactly, whatever it holds:
    ``yes``, ``null``, ``2024-01-01``, ``a: b`` and quotes stay text."""
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif _PRINTABLE.match(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'
