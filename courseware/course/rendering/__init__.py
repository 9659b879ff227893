"""Markdown and Pygments → HTML fragments for lessons, with everything the checker needs.

A :class:`Renderer` builds its Markdown pipeline once and converts many lessons with it;
the result of each conversion is a frozen :class:`~courseware.model.Rendered` that the
render cache keeps on disk by content hash.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from importlib.metadata import version
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import HtmlBlockPreprocessor
from pygments.token import STANDARD_TYPES
from pymdownx.emoji import twemoji

from ...errors import Diagnostic
from ..i18n import gettext_for
from ..model import PAGE_END, ROOT, Heading, Rendered
from ..search import group_postings, lesson_postings, pack_postings, shard_digests
from . import limits
from .attributes import BracketedSpanProcessor, MultilineAttributes
from .blocks import BlocksTreeprocessor
from .divs import DivIds
from .elements import drop_orphan_footnotes, extract, remove
from .embeds import check_raw
from .emoji import IconProcessor, unicode_emoji
from .formatter import HighlightExtension, share_formatter_tables
from .glossary import GlossaryLinkProcessor
from .highlight import styled_classes
from .html_blocks import IndentedHtmlProcessor, JoinIndentedHtml
from .limits import RenderTimeout, depth, source_problems, time_budget
from .links import LinksTreeprocessor
from .preprocess import DivPreprocessor, SourcePreprocessor
from .quiz import merge_titles, position_problems
from .sanitise import clean_block, clean_page, clean_text, inline_tag
from .state import RenderState, StateOwner, UsesState
from .title import drop_repeated_title

EXTENSIONS = [
    "tables",
    "footnotes",
    "def_list",
    "attr_list",
    "toc",
    "admonition",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.emoji",
]
EXTENSION_CONFIGS = {
    # ``align="right"``, not ``style="text-align: right"``, which the CSP blocks (site.css)
    "tables": {"use_align_attribute": True},
    # Permalinks are added by site.js: they help sharing, and need not weigh on every page.
    "toc": {"toc_depth": "2-3"},
    "pymdownx.highlight": {
        "css_class": "highlight",
        "pygments_lang_class": True,
        "guess_lang": False,
    },
    "footnotes": {"BACKLINK_TITLE": "Back to the text"},
    # radio buttons and labels: tabs that work without JavaScript (see site.css)
    "pymdownx.tabbed": {"alternate_style": True},
    # the characters themselves: nothing is loaded from a CDN
    "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": unicode_emoji},
}
#: Characters that may start Markdown or HTML markup in a short text.
MARKUP = re.compile(r"[*_`\[\]<>&!\\]|^\s*[-+#>]|^\s*\d+\.|  \n|\n")
HEADING_ID = re.compile(r'<h[1-6]\b[^>]*?\sid="([^"]+)"')
#: The ids pymdownx.tabbed gives its radio buttons, the same in every lesson.
TABBED_ID = re.compile(r"__tabbed_(?=\d)")
TOKEN_SPAN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>|<span></span>')


@cache
def renderer_version() -> str:
    """Changes whenever the code of the content model or a library it uses changes.

    Part of every cache key (rendered lessons, parsed front matter): all of
    ``courseware/course/`` and the errors it reports are hashed, not a list of the modules
    thought to matter, so a changed validation rule can never be hidden by an old cache.
    """
    digest = hashlib.sha256()
    course = Path(__file__).resolve().parent.parent
    files = sorted(course.rglob("*.py")) + sorted(course.rglob("*.po"))
    for file in [*files, course.parent / "errors.py"]:
        digest.update(file.relative_to(course.parent).as_posix().encode())
        digest.update(file.read_bytes())
    for package in ("markdown", "pymdown-extensions", "pygments", "pyyaml", "nh3"):
        digest.update(version(package).encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class RenderInput:
    """A lesson body to render and where it comes from."""

    lessons_dir: Path
    relpath: str  #: under lessons/, e.g. ``02-mvc/01-what-is-mvc.md``
    source: str  #: for messages, e.g. ``lessons/02-mvc/01-what-is-mvc.md``
    lang_prefix: str
    body: str
    body_line: int
    #: short texts from the front matter (summary, objectives, key points) that may use
    #: inline Markdown such as `code`
    texts: tuple[str, ...] = ()
    title: str = ""  #: the lesson title, which search weighs highest
    lang: str = "en"  #: language code, for search stemming
    #: ``trusted_html: true`` in course.yml: raw HTML is kept as written, not sanitised
    trusted_html: bool = False
    #: ``check_code_runs: true`` in course.yml: code blocks that nothing runs are reported
    check_code_runs: bool = False
    #: hosts lessons may embed with ``<iframe>`` and show images from (course.yml)
    embeds: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


class _PlainTokens(Postprocessor):
    """Drop Pygments' ``<span>`` around tokens our stylesheet does not colour: pages get smaller."""

    def __init__(self) -> None:
        super().__init__()
        self.plain = frozenset(STANDARD_TYPES.values()) - styled_classes()

    def _replace(self, match: re.Match[str]) -> str:
        if match[1] is None or match[1] in self.plain:
            return match[2] or ""
        return match[0]

    def run(self, text: str) -> str:
        return TOKEN_SPAN.sub(self._replace, text) if "<span" in text else text


class _CleanHtmlBlocks(UsesState, HtmlBlockPreprocessor):
    """Markdown's raw HTML blocks, each cleaned on its own as soon as it is set aside."""

    def __init__(self, md: markdown.Markdown, owner: StateOwner) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash
        first = len(stash.rawHtmlBlocks)  # what came before (code, quizzes) is ours
        lines = super().run(lines)
        for index in range(first, len(stash.rawHtmlBlocks)):
            block = stash.rawHtmlBlocks[index]
            if isinstance(block, str):
                check_raw(self.state, block)
                if not self.state.trusted_html:
                    # "<!---->" (gone in the page pass) keeps an emptied block out of a <p>
                    cleaned = clean_block(block, self.state.embeds).strip()
                    stash.rawHtmlBlocks[index] = cleaned or "<!---->"
        return lines


class _CleanInlineHtml(UsesState, HtmlInlineProcessor):
    """A raw tag inside a paragraph: an inline tag such as ``<kbd>`` or its text."""

    def __init__(self, md: markdown.Markdown, owner: StateOwner) -> None:
        super().__init__(HTML_RE, md)
        self.owner = owner

    def handleMatch(self, m, data):  # noqa: ANN001, ANN201, N802 - Markdown's API
        if self.state.trusted_html:
            return super().handleMatch(m, data)
        raw = self.backslash_unescape(self.unescape(m.group(1)))
        check_raw(self.state, raw)
        return self.md.htmlStash.store(inline_tag(raw)), m.start(0), m.end(0)


class _CoursewareExtension(Extension):
    def __init__(self, owner: StateOwner) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(DivPreprocessor(md, self.owner), "courseware_divs", 29.5)
        md.preprocessors.register(SourcePreprocessor(md, self.owner), "courseware_source", 29)
        md.inlinePatterns.register(GlossaryLinkProcessor(self.owner), "courseware_glossary", 175)
        md.inlinePatterns.register(BracketedSpanProcessor(), "courseware_span", 165)
        md.inlinePatterns.register(IconProcessor(), "courseware_icon", 76)
        md.treeprocessors.register(MultilineAttributes(md), "courseware_attributes", 9)
        md.treeprocessors.register(DivIds(md), "courseware_div_ids", 6.5)
        md.treeprocessors.register(BlocksTreeprocessor(md, self.owner), "courseware_blocks", 6)
        md.treeprocessors.register(LinksTreeprocessor(md, self.owner), "courseware_links", -1)
        md.postprocessors.register(_PlainTokens(), "courseware_plain_tokens", 15)
        md.preprocessors.register(_CleanHtmlBlocks(md, self.owner), "html_block", 20)
        # "3." starts a list at 3, as in CommonMark and Pandoc: a list broken by a code block
        # or a box goes on with its numbers instead of starting again at 1
        md.parser.blockprocessors["olist"].LAZY_OL = False
        md.preprocessors.register(JoinIndentedHtml(md), "courseware_join_indented_html", 19)
        md.parser.blockprocessors.register(
            IndentedHtmlProcessor(md.parser, self.owner), "courseware_indented_html", 95
        )
        md.inlinePatterns.register(_CleanInlineHtml(md, self.owner), "html", 90)


class _GlossaryLinks(Extension):
    """``[[term]]`` in the short texts of a lesson (summary, objectives, quiz options)."""

    def __init__(self, owner: StateOwner) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.inlinePatterns.register(GlossaryLinkProcessor(self.owner), "courseware_glossary", 175)


class Renderer(StateOwner):
    """Converts lesson bodies; build one per process and reuse it."""

    def __init__(self) -> None:
        share_formatter_tables()
        highlight = HighlightExtension(**EXTENSION_CONFIGS["pymdownx.highlight"])
        extensions = [highlight if name == "pymdownx.highlight" else name for name in EXTENSIONS]
        self.md = markdown.Markdown(
            extensions=[*extensions, _CoursewareExtension(self)],
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )
        self._inline_md = markdown.Markdown(extensions=["attr_list"], output_format="html")
        self._text_md = markdown.Markdown(
            extensions=["attr_list", _GlossaryLinks(self)], output_format="html"
        )
        # Short texts are Markdown without HTML: a tag in them is shown as typed.
        for md in (self._inline_md, self._text_md):
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")

    def inline(self, text: str) -> str:
        """Render a short Markdown text (a quiz option, say) without the surrounding ``<p>``;
        HTML in it is escaped, so it can never close or open an element around it."""
        return _inline(self._inline_md, text)

    def lesson_inline(self, text: str) -> str:
        """:meth:`inline` for a text of the lesson being rendered: glossary links work too,
        and are recorded for the checker like those of the body."""
        return _inline(self._text_md, text)

    def render(self, item: RenderInput) -> Rendered:
        """Render one lesson; a lesson past a limit gives a diagnostic, never an exception."""
        body = item.body.replace(ROOT, "").replace(PAGE_END, "")
        lines = body.split("\n")
        problems = source_problems(lines)
        if problems:
            return failed(item, [(item.body_line + index, message) for index, message in problems])
        try:
            with time_budget():
                return self._render(item, body)
        except RecursionError:
            deepest = max(range(len(lines)), key=lambda index: depth(lines[index]))
            message = (
                "this lesson nests lists, blocks or quotes too deeply for the renderer; "
                "flatten the nesting around this line"
            )
            return failed(item, [(item.body_line + deepest, message)])
        except RenderTimeout:
            longest = max(range(len(lines)), key=lambda index: len(lines[index]))
            message = (
                f"rendering this lesson took more than {limits.RENDER_SECONDS:g} seconds, so "
                "it was stopped; simplify its longest lines (this is one) or split the lesson"
            )
            return failed(item, [(item.body_line + longest, message)], cacheable=False)

    def _render(self, item: RenderInput, body: str) -> Rendered:
        body = drop_repeated_title(body, item.title)
        self.state = state = RenderState(
            lessons_dir=item.lessons_dir,
            relpath=item.relpath,
            source=item.source,
            lang_prefix=item.lang_prefix,
            body_line=item.body_line,
            inline=self.lesson_inline,
            tr=gettext_for(item.lang),
            trusted_html=item.trusted_html,
            check_code_runs=item.check_code_runs,
            embeds=item.embeds,
            images=item.images,
            body=body,
        )
        md = self.md.reset()
        full = md.convert(body)
        if state.quizzes:
            full = merge_titles(full)
            if not item.lang_prefix:  # a translation keeps its original's order
                for problem in position_problems(state.quiz_shapes):
                    state.problem(problem.line, problem.message, warning=problem.warning)
        if "__tabbed_" in full:  # a chapter's print page shows many lessons: unique ids
            key = hashlib.sha256((item.lang_prefix + item.relpath).encode()).hexdigest()[:8]
            full = TABBED_ID.sub(f"tab-{key}-", full)
        if not item.trusted_html:
            full = clean_page(full, item.embeds)
        texts_html = tuple(self.lesson_inline(text) for text in item.texts)
        toc = tuple(_heading(token) for token in md.toc_tokens)
        learner = strip_instructor_notes(full) if state.instructor_notes else full
        if state.instructor_notes:  # "On this page" lists only what learners see
            toc = _only_headings_in(toc, frozenset(HEADING_ID.findall(learner)))
        flat = lesson_postings(item.title, state.sections, item.lang, " ".join(item.texts))
        postings = group_postings(flat)
        return Rendered(
            html=learner,
            instructor_html=full,
            toc=toc,
            anchors=frozenset(state.anchors),
            sections=tuple(state.sections),
            links=tuple(state.links),
            exercises=tuple(state.exercises),
            quizzes=state.quizzes,
            quiz_shapes=tuple(state.quiz_shapes),
            examples=tuple(dict.fromkeys(state.examples)),
            exercises_key=_exercises_key(learner) if state.exercises else "",
            instructor_notes=state.instructor_notes,
            words=state.words,
            glossary_refs=tuple(state.glossary_refs),
            diagnostics=tuple(state.diagnostics),
            texts_html=texts_html,
            search_postings=pack_postings(postings),
            search_shards=shard_digests(postings),
        )


@dataclass(frozen=True)
class Unfinished(Rendered):
    """A rendering stopped by the time budget: shown and reported, but not kept on disk,
    since the next try (on a less busy machine) may finish."""


class Pending(Unfinished):
    """A lesson not rendered yet: the preview serves the course before every lesson is ready
    and renders a lesson the moment it is asked for (see ``web/content.py``)."""


def pending(item: RenderInput) -> Rendered:
    """Stands for a lesson while it renders in the background; never cached."""
    message = gettext_for(item.lang)("This lesson is being prepared; reload in a moment.")
    page = f'<p class="content-pending">{escape(message)}</p>'
    return Pending(
        html=page,
        instructor_html=page,
        toc=(),
        anchors=frozenset(),
        sections=(),
        links=(),
        exercises=(),
        quizzes=0,
        instructor_notes=0,
        words=0,
        diagnostics=(),
        texts_html=tuple(escape(text) for text in item.texts),
    )


def failed(item: RenderInput, problems: list[tuple[int, str]], cacheable: bool = True) -> Rendered:
    """The result for a lesson that could not be rendered: an error in place of its text."""
    message = gettext_for(item.lang)("This lesson could not be shown; run the checker to see why.")
    page = f'<p class="content-error">{escape(message)}</p>'
    kind = Rendered if cacheable else Unfinished
    return kind(
        html=page,
        instructor_html=page,
        toc=(),
        anchors=frozenset(),
        sections=(),
        links=(),
        exercises=(),
        quizzes=0,
        instructor_notes=0,
        words=0,
        diagnostics=tuple(Diagnostic(item.source, line, text) for line, text in problems),
        texts_html=tuple(escape(text) for text in item.texts),
    )


def _inline(md: markdown.Markdown, text: str) -> str:
    if not MARKUP.search(text):
        return escape(text.strip(), quote=False)  # plain text: no need for Markdown
    html = md.reset().convert(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return clean_text(html)


def _heading(token: dict) -> Heading:
    return Heading(
        level=token["level"],
        id=token["id"],
        title=html.unescape(token["name"]),
        children=tuple(_heading(child) for child in token["children"]),
    )


def _only_headings_in(toc: tuple[Heading, ...], ids: frozenset[str]) -> tuple[Heading, ...]:
    """The table of contents without the headings whose ids are not in ``ids`` (those of
    instructor notes); a learner's heading nested under a removed one moves up a level."""
    kept: list[Heading] = []
    for heading in toc:
        children = _only_headings_in(heading.children, ids)
        if heading.id in ids:
            kept.append(replace(heading, children=children))
        else:
            kept.extend(children)
    return tuple(kept)


def _exercises_key(html: str) -> str:
    blocks = "\0".join(extract(html, "section", "exercise"))
    return hashlib.sha256(blocks.encode()).hexdigest()[:16]


def strip_instructor_notes(html: str) -> str:
    """Remove every ``<aside class="instructor-note">`` element, nested asides included."""
    return drop_orphan_footnotes(remove(html, "aside", "instructor-note"))
