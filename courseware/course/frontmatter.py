"""Reading text files and YAML: decoding, front matter, and errors that name a line.

Nothing here knows about Flask or Markdown, so the parsers can be tested (and fuzzed) alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from .yaml_errors import describe as describe_yaml_error

try:  # the C loader is several times faster on a big course
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FENCE = "---"


def decode(data: bytes, path: str) -> str:
    """Decode a lesson file as UTF-8 (a BOM is allowed) and normalise line endings to ``\\n``."""
    if b"\x00" in data[:8192]:
        raise ContentError(path, 0, "this looks like a binary file, not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); "
            "save it with UTF-8 encoding",
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML mapping and the line each top-level key is on."""

    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str, default: int = 0) -> int:
        return self.key_lines.get(key, default)


def parse_yaml_mapping(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML that must be a mapping; ``first_line`` is where ``text`` starts in the file."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        problem = describe_yaml_error(exc, text, first_line)
        raise ContentError(
            path, first_line + problem.line, f"YAML syntax error: {problem.message}", problem.column
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, first_line, f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    if data is None:
        return YamlDocument({})
    if not isinstance(data, dict):
        raise ContentError(
            path, first_line, f"expected 'key: value' lines, found a {_yaml_kind(data)}"
        )
    key_lines = {}
    for key_node, _ in node.value:
        key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return YamlDocument({str(k): v for k, v in data.items()}, key_lines)


def yaml_error_position(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 0-based line to blame for a YAML error, and a message that says what went wrong.

    The line is the mistake's, not where the parser noticed it: an unclosed quote or bracket
    is blamed on the line that opened it. See :func:`courseware.course.yaml_errors.describe`.
    """
    problem = describe_yaml_error(exc, text)
    return problem.line, problem.message


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "plain text"
    return type(value).__name__


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file split into its front matter and its body."""

    meta: YamlDocument
    body: str
    body_line: int  #: the 1-based line of the file on which ``body`` starts


def split_front_matter(text: str, path: str) -> SourceFile:
    """Split ``---`` delimited YAML front matter from the Markdown body."""
    if not (text.startswith(FENCE) and text[3:4] in ("\n", "")):
        return SourceFile(YamlDocument({}), text, 1)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            meta = parse_yaml_mapping("\n".join(lines[1:index]), path, first_line=2)
            return SourceFile(meta, "\n".join(lines[index + 1 :]), index + 2)
    raise ContentError(
        path, 1, "the front matter opened here is never closed: add a line '---' after it"
    )


def read_yaml_file(file: Path, display: str) -> YamlDocument:
    """Read a YAML configuration file such as ``course.yml`` or ``chapter.yml``."""
    return parse_yaml_mapping(decode(file.read_bytes(), display), display)
