"""Generate a synthetic course of N lessons, for ours and as a MkDocs project.

``python benchmarks/corpus.py N OUT_DIR`` writes ``OUT_DIR/lessons/`` (our format: course.yml,
``NN-slug/`` chapters of about 20 lessons with chapter.yml) and ``OUT_DIR/mkdocs/`` (mkdocs.yml
and ``docs/`` holding byte-identical lesson files, plus index pages standing in for course.yml
and chapter.yml). The output depends only on N: every run writes the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import prose
import snippets

LESSONS_PER_CHAPTER = 20
SEED = "courseware-benchmark-corpus-v1"
MANIFEST = "corpus.json"
CHAPTER_TOPICS = [
    "Web frameworks", "The MVC pattern", "Flask essentials", "Routing", "Templates with Jinja",
    "Static files", "Forms", "Sessions and cookies", "Databases", "Migrations", "Authentication",
    "Authorisation", "REST APIs", "Testing", "Debugging", "Configuration", "Blueprints",
    "Error handling", "Logging", "Caching", "Background jobs", "Email", "File uploads",
    "Pagination", "Internationalisation", "Security", "Deployment", "Containers", "Performance",
    "WebSockets", "Command line tools", "Packaging", "Documentation", "Accessibility",
    "Front-end assets", "Full-text search", "Monitoring", "Rate limiting", "Signals",
    "The application context", "The request lifecycle", "HTTP basics", "JSON APIs",
    "Validation", "Type hints", "Async views", "Admin interfaces", "Payments", "Scheduling",
    "Feature flags", "Continuous integration", "Code review", "Refactoring", "Capstone project",
]  # fmt: skip
COURSE = {
    "title": "Benchmark course",
    "description": "A generated course of many lessons, for timing builds and servers.",
    "author": "The Courseware team",
    "licence": "CC BY 4.0",
}
MKDOCS_YML = """\
site_name: {title}
site_description: {description}
theme:
  name: mkdocs
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - admonition
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
plugins:
  - search
"""


@dataclass(frozen=True)
class Planned:
    """A lesson's place and headings, known before any lesson body is written."""

    index: int  #: position in the whole course, from 0
    chapter: str  #: folder, ``03-routing``
    file: str  #: ``07-testing-forms.md``
    title: str
    headings: tuple[str, ...]  #: its ``##`` section titles

    @property
    def relpath(self) -> str:
        return f"{self.chapter}/{self.file}"


@dataclass(frozen=True)
class Corpus:
    """A generated course on disk."""

    root: Path
    lessons: int

    @property
    def lessons_dir(self) -> Path:
        return self.root / "lessons"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs" / "mkdocs.yml"

    def lesson_files(self) -> list[str]:
        """Lesson paths relative to ``lessons/``, in course order."""
        files = self.lessons_dir.glob("*/*.md")
        return sorted(path.relative_to(self.lessons_dir).as_posix() for path in files)


def fingerprint() -> str:
    """Changes whenever the generator changes, so a stale corpus on disk is not reused."""
    digest = hashlib.sha256(SEED.encode())
    for name in ("corpus.py", "prose.py", "snippets.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def _yaml(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is safe, else double-quoted (JSON style)."""
    plain = text[:1].isalnum() and ": " not in text and " #" not in text and not text.endswith(":")
    return text if plain else json.dumps(text)


def _unique(
    make: Callable[[], str], taken: set[str], key: Callable[[str], str] = prose.slugify
) -> str:
    """Call ``make()`` until its result's key is new; fall back to numbered variants."""
    candidate = make()
    for _ in range(20):
        if key(candidate) not in taken:
            taken.add(key(candidate))
            return candidate
        candidate = make()
    number = 2
    while key(f"{candidate} part {number}") in taken:
        number += 1
    taken.add(key(f"{candidate} part {number}"))
    return f"{candidate} part {number}"


def chapter_sizes(lessons: int) -> list[int]:
    """About :data:`LESSONS_PER_CHAPTER` lessons per chapter, spread evenly."""
    chapters = max(1, -(-lessons // LESSONS_PER_CHAPTER))
    size, extra = divmod(lessons, chapters)
    return [size + (1 if number < extra else 0) for number in range(chapters)]


def plan(lessons: int) -> tuple[list[tuple[str, str]], list[Planned]]:
    """Chapters as ``(folder, title)`` and every lesson's place, title and headings."""
    chapters: list[tuple[str, str]] = []
    planned: list[Planned] = []
    sizes = chapter_sizes(lessons)
    width = max(2, len(str(len(sizes))))
    for number, size in enumerate(sizes):
        topic = CHAPTER_TOPICS[number % len(CHAPTER_TOPICS)]
        if number >= len(CHAPTER_TOPICS):
            topic = f"{topic} part {number // len(CHAPTER_TOPICS) + 1}"
        folder = f"{number + 1:0{width}d}-{prose.slugify(topic)}"
        chapters.append((folder, topic))
        taken: set[str] = set()
        lesson_width = max(2, len(str(size)))
        for position in range(size):
            rng = random.Random(f"{SEED}/plan/{len(planned)}")
            title = _unique(lambda rng=rng, topic=topic: prose.title(rng, topic), taken)
            heads: set[str] = {"practice", "check-your-understanding"}
            headings = tuple(
                _unique(lambda rng=rng: prose.heading(rng), heads, prose.anchor)
                for _ in range(rng.randint(4, 6))
            )
            file = f"{position + 1:0{lesson_width}d}-{prose.slugify(title)}.md"
            planned.append(Planned(len(planned), folder, file, title, headings))
    return chapters, planned


def _link(rng: random.Random, source: Planned, target: Planned, with_anchor: bool) -> str:
    href = target.file if target.chapter == source.chapter else f"../{target.relpath}"
    heading = rng.choice(target.headings)
    if with_anchor:
        href += f"#{prose.anchor(heading)}"
    form = rng.choice(
        [
            "See [{title}]({href}) for more on this.",
            "We met this idea in [{title}]({href}).",
            "The lesson [{title}]({href}) shows the same pattern with another resource.",
            "If this is new to you, read [{heading}]({href}) first.",
        ]
    )
    return form.format(title=target.title, href=href, heading=heading.lower())


def _links(rng: random.Random, lesson: Planned, planned: list[Planned]) -> list[str]:
    """Two or three sentences linking to other lessons, some to a heading's anchor."""
    others = [p for p in planned if p.index != lesson.index]
    if not others:
        return []
    same = [p for p in others if p.chapter == lesson.chapter]
    elsewhere = [p for p in others if p.chapter != lesson.chapter] or others
    targets = [rng.choice(same or others), rng.choice(elsewhere)]
    if rng.random() < 0.5:
        targets.append(rng.choice(others))
    return [_link(rng, lesson, t, with_anchor=n > 0) for n, t in enumerate(targets)]


def _table(rng: random.Random) -> str:
    rows = ["| Name | What it does | Example |", "|---|---|---|"]
    for noun, _ in rng.sample(prose.NOUNS, rng.randint(3, 5)):
        what = prose.sentence(rng).rstrip(".?").split(", ")[0]
        rows.append(f"| {noun.capitalize()} | {what} | {rng.choice(prose.CODE)} |")
    return "\n".join(rows)


def _admonition(rng: random.Random) -> str:
    kind = rng.choice(["note", "tip", "warning"])
    head = f'!!! {kind} "{prose.heading(rng)}"' if rng.random() < 0.6 else f"!!! {kind}"
    body = [prose.wrap(prose.sentence(rng) + " " + prose.sentence(rng), indent="    ")]
    return "\n\n".join([head, *body])


def _exercise(rng: random.Random) -> str:
    one, _ = rng.choice(prose.NOUNS)
    parts = [
        f'!!! exercise "Add {prose.article(one)} to the app"',
        prose.wrap(" ".join(prose.sentence(rng) for _ in range(3)), indent="    "),
    ]
    for number in range(rng.randint(1, 2)):
        parts.append(f'    ??? hint "Hint {number + 1}"')
        parts.append(prose.wrap(prose.sentence(rng), indent="        "))
    parts.append("    ??? solution")
    parts.append(snippets.fence(snippets.solution(rng), indent="        "))
    return "\n\n".join(parts)


def _question(rng: random.Random, kind: str) -> list[str]:
    subject = rng.choice(prose.SUBJECTS)
    base, _ = rng.choice(prose.VERBS)
    options = rng.sample(prose.NOUNS, 4)
    correct = set(rng.sample(range(4), 1 if kind == "single" else 2))
    lines = [
        f"- question: {_yaml(f'What does {subject} {base} {rng.choice(prose.CLAUSES)}?')}",
        f"  type: {kind}",
        "  options:",
    ]
    for number, (one, many) in enumerate(options):
        text = rng.choice([f"The {many}", f"Only the {one}", f"Every {one}", f"`{one}`"])
        lines.append(f"    - text: {_yaml(text)}")
        lines.append(f"      correct: {'true' if number in correct else 'false'}")
        lines.append(f"      explain: {_yaml(prose.sentence(rng))}")
    return lines


def _quiz(rng: random.Random) -> str:
    kinds = ["single", "multiple", rng.choice(["single", "multiple"])]
    lines = [line for kind in kinds for line in _question(rng, kind)]
    return "\n".join(["```quiz", *lines, "```"])


def _front_matter(rng: random.Random, lesson: Planned) -> str:
    lines = ["---", f"title: {_yaml(lesson.title)}", f"summary: {_yaml(prose.sentence(rng))}"]
    lines.append("objectives:")
    for _ in range(rng.randint(3, 4)):
        _, many = rng.choice(prose.NOUNS)
        subject = rng.choice(prose.SUBJECTS)
        verb = rng.choice(prose.VERBS)[1]
        lines.append(f"  - {_yaml(f'Explain how {subject} {verb} {many}.')}")
    lines.append("keypoints:")
    lines += [f"  - {_yaml(prose.sentence(rng))}" for _ in range(rng.randint(3, 4))]
    lines.append(f"minutes: {rng.choice([10, 15, 20, 25, 30])}")
    lines.append(f"exercises_minutes: {rng.choice([5, 10, 15, 20])}")
    tags = sorted({prose.slugify(rng.choice(prose.NOUNS)[0]) for _ in range(2)})
    lines.append(f"tags: [{', '.join(tags)}]")
    return "\n".join([*lines, "---"])


def prose_words(body: str) -> int:
    """Words of a lesson body outside fenced code and quizzes: what a learner reads."""
    words, fenced = 0, False
    for line in body.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            words += prose.count_words(line)
    return words


def lesson_text(lesson: Planned, planned: list[Planned]) -> str:
    """The Markdown of one lesson: front matter, sections, code, exercise and quiz."""
    rng = random.Random(f"{SEED}/lesson/{lesson.index}")
    sections: list[list[str]] = [[f"## {h}", prose.paragraph(rng)] for h in lesson.headings]
    bullets = [f"- {prose.wrap(item, indent='  ')[2:]}" for item in prose.bullet_items(rng)]
    numbered = [
        f"{number}. {prose.wrap(item, indent='   ')[3:]}"
        for number, item in enumerate(prose.steps(rng), 1)
    ]
    extras = ["\n".join(bullets), "\n".join(numbered), _table(rng), _admonition(rng)]
    code = snippets.snippets(rng, rng.randint(3, 5) - 1)
    extras += [snippets.fence(snippet) for snippet in code]
    for number in range(rng.randint(1, 3)):
        section = sections[rng.randrange(len(sections))]
        section += [f"### {prose.heading(rng)} in detail" if number else "### An example"]
        section.append(prose.paragraph(rng))
    for block in extras:
        section = sections[rng.randrange(len(sections))]
        section.insert(rng.randint(2, len(section)), block)
    intro = [prose.paragraph(rng, (2, 4))]
    tail = [
        ["## Practice", _exercise(rng)],
        ["## Check your understanding", prose.paragraph(rng, (1, 2)), _quiz(rng)],
    ]
    for sentence in _links(rng, lesson, planned):
        section = sections[rng.randrange(len(sections))]
        spot = rng.choice([n for n, b in enumerate(section) if b[0].isalpha()])
        section[spot] = prose.wrap(section[spot].replace("\n", " ") + " " + sentence)
    target = rng.randint(1200, 1750)  # the last paragraph added may overshoot a little
    words = prose_words("\n\n".join(intro + [b for s in sections + tail for b in s]))
    while words < target:
        section = sections[rng.randrange(len(sections))]
        added = prose.paragraph(rng, (2, 5))
        section.insert(rng.randint(2, len(section)), added)
        words += prose.count_words(added)
    blocks = [_front_matter(rng, lesson), *intro, *(b for s in sections + tail for b in s)]
    return "\n\n".join(blocks) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())


def _yaml_file(data: dict[str, str]) -> str:
    return "".join(f"{key}: {_yaml(value)}\n" for key, value in data.items())


def write_corpus(lessons: int, out_dir: Path) -> Corpus:
    """Write the course both ways under ``out_dir``, replacing an earlier corpus there."""
    manifest = out_dir / MANIFEST
    if out_dir.exists() and any(out_dir.iterdir()) and not manifest.exists():
        raise SystemExit(
            f"{out_dir} is not empty and holds no {MANIFEST}, so it is not a corpus this script "
            "wrote; choose an empty or new folder"
        )
    for name in ("lessons", "mkdocs", MANIFEST):
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    chapters, planned = plan(lessons)
    ours, docs = out_dir / "lessons", out_dir / "mkdocs" / "docs"
    _write(ours / "course.yml", _yaml_file(COURSE))
    _write(out_dir / "mkdocs" / "mkdocs.yml", MKDOCS_YML.format(**COURSE))
    _write(docs / "index.md", f"# {COURSE['title']}\n\n{COURSE['description']}\n")
    words: list[int] = []
    for folder, topic in chapters:
        summary = f"Everything about {topic.lower()}, one small step at a time."
        _write(ours / folder / "chapter.yml", _yaml_file({"title": topic, "summary": summary}))
        _write(docs / folder / "index.md", f"---\n{_yaml_file({'title': topic})}---\n\n{summary}\n")
    for number, lesson in enumerate(planned, 1):
        text = lesson_text(lesson, planned)
        words.append(prose_words(text.split("\n---\n", 1)[1]))
        _write(ours / lesson.relpath, text)
        _write(docs / lesson.relpath, text)
        if number % 200 == 0:
            print(f"  corpus: {number}/{lessons} lessons", file=sys.stderr)
    stats = {
        "lessons": lessons,
        "chapters": len(chapters),
        "generator": fingerprint(),
        "prose_words": {
            "min": min(words, default=0),
            "max": max(words, default=0),
            "mean": round(sum(words) / max(1, len(words))),
        },
    }
    _write(manifest, json.dumps(stats, indent=2, sort_keys=True) + "\n")
    return Corpus(out_dir, lessons)


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """``--lessons`` and ``--corpus``, as every benchmark takes them."""
    parser.add_argument("--lessons", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: a shared temp dir)")


def corpus_for(args: argparse.Namespace) -> Corpus:
    """The corpus that :func:`add_corpus_arguments`' options name, written if missing."""
    from harness import DEFAULT_CORPUS_ROOT

    return ensure_corpus(
        args.lessons, args.corpus or DEFAULT_CORPUS_ROOT / f"corpus-{args.lessons}"
    )


def ensure_corpus(lessons: int, out_dir: Path) -> Corpus:
    """Reuse the corpus in ``out_dir`` if this generator wrote it for N lessons; else write it."""
    manifest = out_dir / MANIFEST
    if manifest.exists():
        stats = json.loads(manifest.read_text())
        if stats.get("lessons") == lessons and stats.get("generator") == fingerprint():
            print(f"  corpus: reusing {out_dir} ({lessons} lessons)", file=sys.stderr)
            return Corpus(out_dir, lessons)
    print(f"  corpus: writing {lessons} lessons to {out_dir}", file=sys.stderr)
    return write_corpus(lessons, out_dir)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", type=int, metavar="N", help="number of lessons")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    args = parser.parse_args(argv)
    if args.lessons < 1:
        parser.error("N must be at least 1")
    corpus = write_corpus(args.lessons, args.out_dir)
    print((corpus.root / MANIFEST).read_text(), end="")


if __name__ == "__main__":
    main()
