"""Reading text files and YAML: decoding, front matter, and errors that name a line.

Nothing here knows about Flask or Markdown, so the parsers can be tested (and fuzzed) alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from .keys import check_duplicate_keys
from .yaml_errors import describe as describe_yaml_error

try:  # the C loader is several times faster on a big course
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FENCE = "---"
#: The largest file the course reads (lessons, YAML, included code), in bytes.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: The most values one YAML document may hold once every alias is written out in full: a
#: few lines of ``&a [*b, *b, ...]`` ("billion laughs") otherwise expand to billions.
MAX_YAML_VALUES = 100_000


def too_big(size: int, path: str) -> ContentError:
    return ContentError(
        path,
        0,
        f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it into "
        "several lessons, or link to the data instead of including it",
    )


def read_limited(file: Path, display: str) -> bytes:
    """A file's bytes, refusing one larger than :data:`MAX_FILE_BYTES` before reading it."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise too_big(size, display)
    return file.read_bytes()


def decode(data: bytes, path: str) -> str:
    """Decode a lesson file as UTF-8 (a BOM is allowed) and normalise line endings to ``\\n``."""
    if len(data) > MAX_FILE_BYTES:
        raise too_big(len(data), path)
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


class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML document that is valid but too big once its aliases are expanded."""


def load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document safely: plain data only, and at most :data:`MAX_YAML_VALUES`
    values with aliases expanded. Every YAML file of a course is read through here.

    Returns the data and its node tree (for line numbers); raises :class:`yaml.YAMLError`,
    or :class:`YamlLimitError` (a subclass) at the line that makes the document too big.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        # An alias (*name) needs an anchor (&name): without both, a document holds no more
        # values than it shows. Quizzes often have a "*" (emphasis) but seldom a "&".
        if "*" in text and "&" in text:
            _check_expanded_size(node)
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expanded_size(root: yaml.Node) -> None:
    """Count the values of the document as if each alias were a copy of what it names.

    Nodes that aliases share are counted once per use, but measured once, so a "billion
    laughs" document costs no more to measure than to parse. A node that contains itself
    through an alias is refused too (it would expand forever).
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = min(total, MAX_YAML_VALUES + 1)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlLimitError(
                problem="an alias here refers to a value that contains it, so it never ends; "
                "write the value out instead",
                problem_mark=node.start_mark,
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    if sizes[id(root)] <= MAX_YAML_VALUES:
        return
    blamed, count = root, 1  # the top-level entry (its key) that takes the count over
    if isinstance(root, yaml.MappingNode):
        entries = [(key, [key, value]) for key, value in root.value]
    else:
        entries = [(child, [child]) for child in _children(root)]
    for first, nodes in entries:
        count += sum(sizes[id(node)] for node in nodes)
        if count > MAX_YAML_VALUES:
            blamed = first
            break
    raise YamlLimitError(
        problem=f"with its aliases (*name) written out, this YAML has more than "
        f"{MAX_YAML_VALUES:,} values; repeat fewer aliases, or write the values out",
        problem_mark=blamed.start_mark,
    )


def parse_yaml_mapping(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML that must be a mapping; ``first_line`` is where ``text`` starts in the file."""
    try:
        data, node = load_yaml(text)
    except YamlLimitError as exc:
        line, message = yaml_error_position(exc, text)
        raise ContentError(path, first_line + line, message) from None
    except yaml.MarkedYAMLError as exc:
        problem = describe_yaml_error(exc, text, first_line)
        raise ContentError(
            path, first_line + problem.line, f"YAML syntax error: {problem.message}", problem.column
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, first_line, f"YAML syntax error: {exc}") from None
    check_duplicate_keys(node, path, first_line)
    if data is None:
        return YamlDocument({})
    if not isinstance(data, dict) or node is None:
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
    return parse_yaml_mapping(decode(read_limited(file, display), display), display)
