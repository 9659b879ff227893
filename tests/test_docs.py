"""docs/authoring.md renders as the guide says, so the guide cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from courseware.cli import main
from courseware.course.frontmatter import parse_yaml_mapping, split_front_matter
from courseware.course.glossary import read_glossary
from courseware.course.metadata import CHAPTER_KEYS, COURSE_KEYS, LESSON_KEYS, validate
from courseware.course.rendering import Renderer, RenderInput

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"
OPEN = re.compile(r"^(`{3,})(\w*)[^\n]*$")


def examples(kind: str) -> list[str]:
    """The guide's fenced blocks of one language, outermost only."""
    lines = GUIDE.read_text(encoding="utf-8").split("\n")
    found = []
    index = 0
    while index < len(lines):
        match = OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        fence, lang = match[1], match[2]
        end = index + 1
        while not re.match(rf"^ {{0,3}}{fence}`*\s*$", lines[end]):
            end += 1
        if lang == kind:
            found.append("\n".join(lines[index + 1 : end]) + "\n")
        index = end + 1
    return found


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.mark.parametrize("example", examples("markdown"))
def test_every_markdown_example_renders_without_errors(
    example: str, renderer: Renderer, tmp_path: Path
) -> None:
    chapter = tmp_path / "01-basics"
    (chapter / "examples").mkdir(parents=True)
    (chapter / "examples" / "routing.py").write_text(
        'from flask import Flask\napp = Flask(__name__)\n# --8<-- [start:routes]\n@app.route("/")\n'
        'def index():\n    return "Hello"\n# --8<-- [end:routes]\n'
    )
    split = split_front_matter(example, "guide.md")
    _, problems = validate(split.meta, LESSON_KEYS, "guide.md", require_title=bool(split.meta.data))
    assert problems == []
    rendered = renderer.render(
        RenderInput(tmp_path, "01-basics/01-x.md", "guide.md", "", split.body, split.body_line)
    )
    assert [d for d in rendered.diagnostics if d.is_error] == []


def test_the_guide_shows_every_block_kind() -> None:
    text = "\n".join(examples("markdown"))
    for block in (
        "!!! exercise",
        "??? hint",
        "??? solution",
        "```quiz",
        "!!! instructor",
        "--8<--",
        "[[",
    ):
        assert block in text or block in GUIDE.read_text(), block


@pytest.mark.parametrize("example", examples("yaml"))
def test_every_yaml_example_is_valid(example: str, tmp_path: Path) -> None:
    data = yaml.safe_load(example)
    if isinstance(data, list):
        file = tmp_path / "glossary.yml"
        file.write_text(example)
        entries, problems = read_glossary(file, "glossary.yml", "", lambda text: text)
        assert problems == [] and entries
        return
    rules = COURSE_KEYS if "description" in data or "base_url" in data else CHAPTER_KEYS
    _, problems = validate(parse_yaml_mapping(example, "x.yml"), rules, "x.yml")
    assert problems == []


def test_every_documented_command_exists() -> None:
    help_text = CliRunner().invoke(main, ["--help"]).output
    for command in ("check", "new", "new-chapter", "serve"):
        assert re.search(rf"^\s+{command}\s", help_text, re.M), command
    build_help = CliRunner().invoke(main, ["--help"]).output
    for option in ("--base-url", "--offline", "--output", "--strict"):
        assert option in build_help
