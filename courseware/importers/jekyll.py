"""Older Carpentries lessons (Jekyll and ``carpentries/styles``) → a Workbench lesson.

Before the Workbench, lessons were Jekyll sites: ``_config.yml``, episodes in ``_episodes/``
(or R Markdown in ``_episodes_rmd/``), extra pages in ``_extras/``, ``setup.md`` and
``reference.md`` at the top, figures in ``fig/``. Their Markdown is kramdown's: a challenge is a
block quote closed by an attribute line (``> ## Title`` ... ``{: .challenge}``, a solution a
block quote inside it), a code block's kind is the attribute line under it
(``{: .language-python}``, ``{: .output}``), and Liquid fills in ``{{ page.root }}``,
``{{ site.x }}`` and ``{% include %}``.

:func:`to_workbench` writes the same lesson in the Workbench's layout and syntax (``::: challenge``
divs, ```` ```python ```` fences, relative links) into a scratch folder; the Workbench importer
then does the rest. What is changed is said in the notes it returns, file by file.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

from .common import (
    FENCE_OPEN,
    FileLog,
    dump_yaml,
    fences,
    load_yaml,
    map_prose,
    read_text,
    split_front_matter,
    split_list_fences,
    unwrap_html_images,
)

#: Classes of kramdown block quotes that are Workbench divs of the same name.
DIV_CLASSES = {
    "challenge", "solution", "callout", "discussion", "checklist", "prereq", "keypoints",
    "objectives", "testimonial", "instructor", "hint", "caution", "spoiler", "questions",
}  # fmt: skip
#: Code block classes → the Workbench fence's language.
CODE_CLASSES = {"source": "", "output": "output", "error": "error", "warning": "warning"}
IAL = re.compile(r"^[ \t]*\{:[ \t]*(?P<body>[^}]*)\}[ \t]*$")
QUOTE = re.compile(r"^(?P<indent> {0,3})>(?: ?)(?P<rest>.*)$")
LIQUID_VAR = re.compile(r"\{\{-?\s*(?P<name>[\w.]+)\s*-?\}\}")
LIQUID_TAG = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}", re.S)
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<body>.*?)\{%-?\s*endraw\s*-?%\}", re.S)
ASSET_FOLDERS = ("fig", "data", "files", "code", "img", "images", "assets")
#: Extra pages that Jekyll generates from the lesson itself (nothing to import).
GENERATED = {"figures.md", "aio.md", "404.md"}
LINK_TARGET = re.compile(r"(?P<head>\]\(\s*)(?P<url><[^>\n]*>|[^\s()]+)")
REF_TARGET = re.compile(r"(?m)^(?P<head>[ \t]*\[[^\]\n]+\]:[ \t]*)(?P<url>\S+)")
HTML_TARGET = re.compile(r"(?P<head>\b(?:src|href)=[\"'])(?P<url>[^\"']+)")


def is_jekyll_lesson(source: Path) -> bool:
    return (source / "_config.yml").is_file() and (
        (source / "_episodes").is_dir() or (source / "_episodes_rmd").is_dir()
    )


class Lesson:
    """Where each page of the Jekyll lesson goes in the Workbench layout."""

    def __init__(self, source: Path, config: dict[str, Any]) -> None:
        self.source = source
        self.config = config
        self.pages: dict[str, str] = {}  # source path → Workbench path
        self.urls: dict[str, str] = {}  # URL path without slashes or suffix → Workbench path
        self.notes: dict[str, list[str]] = {}  # Workbench path → what was changed
        episodes = {}
        for folder, suffix in (("_episodes_rmd", ".Rmd"), ("_episodes", ".md")):
            for file in sorted((source / folder).glob(f"*{suffix}")):
                episodes[file.stem] = f"{folder}/{file.name}"  # a knitted .md wins over .Rmd
        for stem, path in sorted(episodes.items()):
            self._add(path, f"episodes/{stem}{Path(path).suffix}", stem)
        for name in ("setup.md", "reference.md"):
            if (source / name).is_file():
                self._add(name, f"learners/{name}", name[:-3])
        for file in sorted((source / "_extras").glob("*.md")):
            if file.name in GENERATED:
                continue
            if file.stem == "guide":
                target = "instructors/instructor-notes.md"
            elif file.stem == "learner-profiles":
                target = "profiles/learner-profiles.md"
            else:
                target = f"learners/{file.name}"
            self._add(f"_extras/{file.name}", target, file.stem)
        if (source / "index.md").is_file():
            self._add("index.md", "index.md", "")
            self.urls["index"] = "index.md"

    def _add(self, path: str, target: str, url: str) -> None:
        self.pages[path] = target
        self.urls[url] = target

    # -- links -----------------------------------------------------------------------------

    def target_of(self, url: str, page_dir: str, here: str) -> str | None:
        """The Workbench path, relative to ``here``'s folder, of a link in the Jekyll site.

        ``page_dir`` is the folder of the page's own address (an episode's is its name).
        """
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#|\{|\$)", url, re.I) or not url:
            return None
        bare, _, fragment = url.partition("#")
        bare, _, query = bare.partition("?")
        path = posixpath.normpath(posixpath.join("/" + page_dir, bare)).lstrip("/")
        if path in (".", ""):
            path = "index"
        top = path.split("/", 1)[0]
        if top in ASSET_FOLDERS:  # missing ones too: the Workbench import reports them
            new = f"episodes/{path}"
        else:
            key = re.sub(r"(?:/index)?(?:\.html?|\.md|\.Rmd)?/?$", "", path)
            key = key.removeprefix("_episodes/").removeprefix("_episodes_rmd/")
            key = key.removeprefix("_extras/")
            new = self.urls.get(key)
            if new is None:
                return None
        relative = posixpath.relpath(new, posixpath.dirname(here) or ".")
        return relative + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")

    def fix_links(self, text: str, page_dir: str, here: str) -> str:
        def one(match: re.Match[str]) -> str:
            url = match["url"]
            inner = url[1:-1] if url.startswith("<") and url.endswith(">") else url
            new = self.target_of(inner, page_dir, here)
            head = match["head"]
            if new is not None and "\n" in head:  # a target on the next line: joined up
                head = head.rstrip()
            return head + (new if new is not None else url)

        for pattern in (LINK_TARGET, REF_TARGET, HTML_TARGET):
            text = pattern.sub(one, text)
        return text


# -- Liquid ------------------------------------------------------------------------------------


def _value(config: dict[str, Any], name: str) -> str | None:
    """``site.remote.name`` → that setting of ``_config.yml``, when it is a plain value."""
    parts = name.split(".")
    if parts[0] != "site":
        return None
    value: Any = config
    for part in parts[1:]:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return None if isinstance(value, (dict, list)) or value is None else str(value)


def html_to_markdown(text: str) -> str:
    """An included HTML layout (``carpentries.html``) → paragraphs, headings and images.

    Its ``<div>`` grid means nothing on the engine's pages, and Markdown made of its images
    inside it would show as typed.
    """
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(
        r"<h([1-6])\b[^>]*>(.*?)</h\1>",
        lambda match: f"\n\n{'#' * max(2, int(match[1]))} {match[2].strip()}\n\n",
        text,
        flags=re.S | re.I,
    )
    text = re.sub(
        r"</?(?:div|p|br|section|center|span|article)\b[^>]*/?>", "\n\n", text, flags=re.I
    )
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def fill_liquid(text: str, lesson: Lesson, notes: list[str], depth: int = 0) -> str:
    """Liquid's variables and includes → their text; other tags dropped (``raw`` kept as is)."""
    raws: list[str] = []

    def keep_raw(match: re.Match[str]) -> str:
        raws.append(match["body"])
        return f"\x04{len(raws) - 1}\x05"

    text = RAW.sub(keep_raw, text)

    def variable(match: re.Match[str]) -> str:
        name = match["name"]
        if name in ("page.root", "site.root", "relative_root_path", "site.baseurl", "base_path"):
            return ""  # links below are read from the site's top
        value = _value(lesson.config, name)
        if value is None:
            note = f"the Liquid variable `{{{{ {name} }}}}` has no value here; it was removed"
            if note not in notes:
                notes.append(note)
            return ""
        return value

    def tag(match: re.Match[str]) -> str:
        name, args = match["tag"], LIQUID_VAR.sub(variable, match["args"]).strip()
        if name == "include":
            file = args.split()[0] if args.split() else ""
            if file in ("links.md", "base_path.html", "gh_variables.html"):
                return ""  # links.md: the Workbench appends it to every page itself
            if file == "figure.html":
                attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', args))
                image = attrs.get("file", "")
                alt = attrs.get("alt", "") or attrs.get("caption", "")
                caption = attrs.get("caption", "")
                shown = f"![{alt}]({image})"
                return shown + (f"\n\n{caption}" if caption and caption != alt else "")
            included = lesson.source / "_includes" / file
            if depth < 4 and included.is_file():
                notes.append(f"`{{% include {file} %}}` → the included text")
                text = fill_liquid(read_text(included), lesson, notes, depth + 1)
                return html_to_markdown(text) if file.endswith(".html") else text
            notes.append(f"`{{% include {file} %}}`: no such file in _includes/; removed")
            return ""
        if name == "link":
            return "/" + args
        if name in ("comment", "endcomment", "capture", "endcapture", "assign", "if", "endif",
                    "unless", "endunless", "for", "endfor", "else", "elsif"):  # fmt: skip
            note = f"Liquid `{{% {name} %}}` tags removed (their text is kept)"
            if note not in notes:
                notes.append(note)
            return ""
        notes.append(f"the Liquid tag `{{% {name} %}}` removed")
        return ""

    text = LIQUID_TAG.sub(tag, text)
    text = LIQUID_VAR.sub(variable, text)
    return re.sub("\x04(\\d+)\x05", lambda match: raws[int(match[1])], text)


# -- kramdown ----------------------------------------------------------------------------------


def _classes(ial: str) -> list[str]:
    return re.findall(r"\.([\w-]+)", ial)


def convert_body(
    lines: list[str], notes: list[str], taken: frozenset[str] = frozenset()
) -> list[str]:
    """Block quotes closed by ``{: .challenge}`` → divs; code classes → fence languages.

    ``taken``: the kinds the front matter already gives (``objectives``...): a block quote of
    that kind in the body is shown as a callout instead of replacing them.
    """
    moved = FileLog("", "")
    lines = split_list_fences("\n".join(lines), moved).split("\n")
    notes.extend(moved.converted)
    out: list[str] = []
    code_at = {first: last for first, last in fences(lines)}
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in code_at:
            last = code_at[index]
            block = lines[index : last + 1]
            after = last + 1
            ial = IAL.match(lines[after]) if after < len(lines) else None
            classes = _classes(ial["body"]) if ial else []
            if ial:
                opening = FENCE_OPEN.match(block[0])
                language = next(
                    (
                        CODE_CLASSES.get(name, name.removeprefix("language-"))
                        for name in classes
                        if name.startswith("language-") or name in CODE_CLASSES
                    ),
                    (opening["info"].strip() if opening else ""),
                )
                if opening:
                    block[0] = f"{opening['indent']}{opening['fence']}{language}"
                notes.append("code blocks' `{: .language-x}`, `{: .output}` → the fence's language")
                after += 1
            out.extend(block)
            index = after
            continue
        if QUOTE.match(line):
            end = index
            while end < len(lines) and QUOTE.match(lines[end]) and end not in code_at:
                end += 1
            ial = IAL.match(lines[end]) if end < len(lines) else None
            kinds = [name for name in _classes(ial["body"]) if name in DIV_CLASSES] if ial else []
            inner = [QUOTE.match(quoted)["rest"] for quoted in lines[index:end]]
            if kinds and kinds[0] in taken:
                kinds = ["callout"]
            if kinds:
                body = convert_body(inner, notes, taken)
                colons = ":" * 40
                out.extend([f"{colons} {kinds[0]}", "", *body, "", colons, ""])
                notes.append(f"`> ...` block quotes with `{{: .{kinds[0]}}}` → `::: {kinds[0]}`")
                index = end + 1
                continue
            quoted = convert_body(inner, notes, taken)
            out.extend(f"> {text}" if text else ">" for text in quoted)
            index = end + (1 if ial else 0)
            continue
        match = IAL.match(line)
        if match:  # an attribute line of a heading or paragraph: nothing the engine shows
            if "auto_ids" not in match["body"]:
                note = "other kramdown attribute lines (`{: ...}`) removed"
                if note not in notes:
                    notes.append(note)
            index += 1
            continue
        if line.lstrip().startswith("|"):
            end = index
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            out.extend(kramdown_table(lines[index:end], notes))
            index = end
            continue
        if LONE_TAG.match(line):  # a layout <div> indented a little: not a code block
            line = line.lstrip()
        out.append(re.sub(r"\)\{:\s*([^}]*)\}", r"){\1}", line))  # ![](x){: width="50%"}
        index += 1
    return out


TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:[|+][ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
MARKDOWN_DIV = re.compile(r"<div\b[^>]*\bmarkdown=[\"']?1", re.I)
LONE_DIV = re.compile(r"(?m)^[ \t]*</?div\b[^>]*>[ \t]*$", re.I)
LONE_TAG = re.compile(r"^ {1,3}</?[a-zA-Z][^>]*>[ \t]*$")


def kramdown_table(rows: list[str], notes: list[str]) -> list[str]:
    """kramdown's tables → Markdown's: one rule under the header, ``+`` joints as ``|``.

    kramdown allows rule lines above the header and between body rows; Python-Markdown reads
    a table only when its second line is the one rule.
    """
    rules = [number for number, row in enumerate(rows) if TABLE_RULE.match(row)]
    if not rules or rules == [1]:
        return rows
    content = [row for row in rows if not TABLE_RULE.match(row)]
    if not content:
        return rows
    rule = next(rows[number] for number in rules).strip().replace("+", "|")
    notes.append("kramdown tables (rule lines above the header or between rows) → Markdown's")
    return [content[0], rule, *content[1:]]


# -- the lesson --------------------------------------------------------------------------------


HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)/?>", re.I)
LINKED_IMG = re.compile(r"<a\b(?P<a>[^>]*)>\s*(?P<img><img\b[^>]*?/?>)\s*</a>", re.I)
HTML_ATTR = re.compile(r"""(?P<name>[\w-]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")


def _attrs(text: str) -> dict[str, str]:
    return {
        match["name"].lower(): match["double"] if match["double"] is not None else match["single"]
        for match in HTML_ATTR.finditer(text)
    }


def markdown_images(text: str, notes: list[str]) -> str:
    """Raw ``<img>`` (and an image inside ``<a>``) → Markdown, whose paths the engine checks.

    The engine rewrites a Markdown image's path for the page's address; a raw one it leaves,
    so it would break on every page but the top one.
    """

    def image(tag: str) -> str | None:
        attrs = _attrs(tag)
        if not attrs.get("src"):
            return None
        alt = (attrs.get("alt") or attrs.get("title") or "").replace("]", ")")
        return f"![{alt}]({attrs['src']})"

    def linked(match: re.Match[str]) -> str:
        shown, href = image(match["img"]), _attrs(match["a"]).get("href")
        if shown is None or not href:
            return match[0]
        notes.append("raw HTML images → Markdown images")
        if href.lower().split("#")[0].endswith(".svg"):  # the engine refuses links to SVGs
            notes.append("links around images to SVG files removed (the image is kept)")
            return shown
        return f"[{shown}]({href})"

    def alone(match: re.Match[str]) -> str:
        shown = image(match[0])
        if shown is None:
            return match[0]
        notes.append("raw HTML images → Markdown images")
        return shown

    return HTML_IMG.sub(alone, LINKED_IMG.sub(linked, text))


def _front_matter(meta: dict[str, Any], notes: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Jekyll's front matter → the Workbench's, and the divs its lists become."""
    divs: list[str] = []
    for key in ("questions", "objectives"):
        items = meta.pop(key, None)
        if isinstance(items, list) and items:
            divs += [f"::::::: {key}", "", *[f"- {item}" for item in items], "", ":::::::", ""]
            notes.append(f"front matter `{key}` → a `::: {key}` div")
    keypoints = meta.pop("keypoints", None)
    for key in ("layout", "root", "permalink", "math", "subtitle", "start"):
        meta.pop(key, None)
    tail = []
    if isinstance(keypoints, list) and keypoints:
        tail = ["", "::::::: keypoints", "", *[f"- {item}" for item in keypoints], "", ":::::::"]
        notes.append("front matter `keypoints` → a `::: keypoints` div")
    return meta, divs + ["\x06"] + tail


def convert_page(text: str, lesson: Lesson, path: str, notes: list[str]) -> str:
    meta, body, _ = split_front_matter(text)
    body = fill_liquid(body, lesson, notes)
    target = lesson.pages[path]
    stem = Path(path).stem
    page_dir = stem if target.startswith("episodes/") else ""
    if MARKDOWN_DIV.search(body):  # a layout of columns: the Markdown inside is what counts
        body = map_prose(body, lambda piece: LONE_DIV.sub("", piece))
        notes.append('layout `<div>`s around Markdown (`markdown="1"`) removed')
    moved = FileLog("", "")
    taken = frozenset(key for key in ("questions", "objectives", "keypoints") if meta.get(key))
    lines = convert_body(body.replace("\t", "    ").split("\n"), notes, taken)
    body = map_prose(
        "\n".join(lines),
        lambda piece: unwrap_html_images(
            markdown_images(lesson.fix_links(piece, page_dir, target), notes), moved
        ),
    )
    lines = body.split("\n")
    notes.extend(moved.converted)
    meta, frame = _front_matter(meta, notes)
    place = frame.index("\x06")
    lines = frame[:place] + lines + frame[place + 1 :]
    head = dump_yaml(meta) if meta else ""
    return f"---\n{head}---\n\n" + "\n".join(lines).strip("\n") + "\n"


def _config(config: dict[str, Any], lesson: Lesson) -> dict[str, Any]:
    repository = str(config.get("repository") or "")
    source = (
        f"https://github.com/{repository}" if re.fullmatch(r"[\w.-]+/[\w.-]+", repository) else ""
    )
    out: dict[str, Any] = {
        "title": str(config.get("title") or lesson.source.name),
        "carpentry": str(config.get("carpentry") or ""),
    }
    if source:
        out["source"] = source
    if config.get("email"):
        out["contact"] = str(config["email"])
    episodes = [Path(t).name for t in lesson.pages.values() if t.startswith("episodes/")]
    out["episodes"] = episodes
    for folder in ("learners", "instructors", "profiles"):
        out[folder] = [Path(t).name for t in lesson.pages.values() if t.startswith(f"{folder}/")]
    return out


def to_workbench(source: Path, target: Path) -> dict[str, list[str]]:
    """Write the Jekyll lesson in ``source`` as a Workbench lesson into ``target``.

    Returns, for each page written, the notes on what was changed.
    """
    config = load_yaml(read_text(source / "_config.yml")) or {}
    if not isinstance(config, dict):
        config = {}
    lesson = Lesson(source, config)
    target.mkdir(parents=True, exist_ok=True)
    for path, new in lesson.pages.items():
        notes: list[str] = []
        text = convert_page(read_text(source / path), lesson, path, notes)
        (target / new).parent.mkdir(parents=True, exist_ok=True)
        (target / new).write_text(text, encoding="utf-8")
        lesson.notes[new] = list(dict.fromkeys(notes))
    links = source / "_includes" / "links.md"
    if links.is_file():
        notes = []
        text = fill_liquid(read_text(links), lesson, notes)
        text = lesson.fix_links(text, "", "links.md")
        (target / "links.md").write_text(text, encoding="utf-8")
    for folder in ASSET_FOLDERS:
        if (source / folder).is_dir():
            shutil.copytree(
                source / folder, target / "episodes" / folder, dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("*.md", "*.Rmd", ".*"),
            )  # fmt: skip
    for name in ("CITATION", "CITATION.cff", "AUTHORS", "_config.yml"):
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)
    for name in ("LICENSE.md", "CODE_OF_CONDUCT.md"):  # pages, with Liquid and kramdown
        if (source / name).is_file():
            lesson.pages[name] = name
            notes = []
            text = convert_page(read_text(source / name), lesson, name, notes)
            (target / name).write_text(text, encoding="utf-8")
    (target / "config.yaml").write_text(
        dump_yaml(_config(config, lesson)),
        encoding="utf-8",
    )
    return lesson.notes


def log_notes(log: FileLog, notes: list[str]) -> None:
    for note in notes:
        log.convert(f"(Jekyll) {note}")
