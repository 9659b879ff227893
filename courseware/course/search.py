"""Full-text search: an index built from the content index, queried here or in the browser.

The index is split so that a first search downloads little, whatever the size of the course:
``meta.json`` (the list of shards), one small shard of postings per two-letter term prefix,
and the text of just the lessons shown in the results. ``static/js/search.js`` implements the
same tokenising, stemming and scoring as this module, so the live server's ``/search/?q=``
and the static site's search give the same results.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
import string
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import compress, islice
from pathlib import Path

from .cachefiles import read_pickle, write_pickle
from .model import Edition, Section

#: Bump when the files' format changes, so old cached files are not misread.
FORMAT = 1
#: Postings kept per term: the best-scoring sections, enough to rank any query well.
MAX_POSTINGS = 400
#: Sections per lesson addressable in a posting (``doc = lesson * SPAN + section``).
SPAN = 256
TITLE_WEIGHT, HEADING_WEIGHT = 8, 4
#: The section length (in weighted terms) at which a term's frequency counts as is.
REFERENCE_LENGTH = 120
RESULTS = 10

WORD = re.compile(r"[a-z0-9_]+")
STOPWORDS = {
    "en": frozenset(
        "a an and are as at be but by for from has have how if in into is it its of on or "
        "so than that the their then there these they this to was we what when which while "
        "who will with you your can do does not".split()
    ),
    "es": frozenset(
        "a al con como de del el en es esta este esto la las lo los mas o para pero por que "
        "se si sin sobre su sus un una uno y ya tu te".split()
    ),
}


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping one character per character (for highlighting)."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_fold_run, text.translate(_ASCII_LOWER))


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return "".join(map(_fold_char, match[0]))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1]
    return (base if base.isascii() else char).lower()


def stem(word: str, lang: str) -> str:
    """A light stemmer: enough that "routes", "routing" and "route" meet."""
    if lang == "es":
        if len(word) > 5 and word.endswith("es"):
            word = word[:-2]
        elif len(word) > 4 and word.endswith("s"):
            word = word[:-1]
        if len(word) > 4 and word[-1] in "aoe":
            word = word[:-1]
        return word
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def tokens(text: str, lang: str) -> list[str]:
    """Search terms of a text: folded words, identifiers split at ``_`` too, stemmed."""
    known = _WORD_TERMS.setdefault(lang, {})
    if len(known) > _MAX_KNOWN_WORDS:
        known.clear()
    words = WORD.findall(fold(text))
    for word in {word for word in words if word not in known}:
        known[word] = _word_terms(word, lang)
    return [term for word in words for term in known[word]]


#: Each word's terms, by language: a course repeats its words, so each is worked out once.
_WORD_TERMS: dict[str, dict[str, tuple[str, ...]]] = {}
_MAX_KNOWN_WORDS = 200_000


def _word_terms(word: str, lang: str) -> tuple[str, ...]:
    stop = STOPWORDS.get(lang, STOPWORDS["en"])
    parts = [word, *word.split("_")] if "_" in word.strip("_") else [word.strip("_")]
    return tuple(stem(part, lang) for part in parts if len(part) > 1 and part not in stop)


def lesson_postings(
    title: str, sections: Iterable[Section], lang: str, about: str = ""
) -> dict[str, tuple[int, ...]]:
    """A lesson's postings: term → flat ``(section, score, section, score, ...)``.

    The lesson's title and ``about`` (its summary, objectives and key points) count in the
    first section, so a match on them leads to the top of the lesson. Scores are BM25-like
    term frequencies normalised by a fixed section length, so they depend on this lesson
    alone: they are computed once, with the rendering, and cached with it.
    """
    found: dict[str, list[int]] = defaultdict(list)
    for index, section in enumerate(sections):
        if index >= SPAN - 1:
            break
        counts: Counter[str] = Counter()
        if index == 0:
            for term in tokens(title, lang):
                counts[term] += TITLE_WEIGHT
            counts.update(tokens(about, lang))
        for term in tokens(section.title, lang):
            counts[term] += HEADING_WEIGHT
        counts.update(tokens(section.text, lang))
        norm = 0.25 + 0.75 * sum(counts.values()) / REFERENCE_LENGTH
        for term, count in counts.items():
            found[term] += (index, max(1, round(100 * count * 2.2 / (count + 1.2 * norm))))
    return {term: tuple(pairs) for term, pairs in found.items()}


def group_postings(postings: dict[str, tuple[int, ...]]) -> dict[str, dict[str, tuple[int, ...]]]:
    """A lesson's postings by shard (the first two letters of a term), terms sorted: a shard
    file is then made from the lessons that have terms in it alone, without the others."""
    grouped: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for term in sorted(postings):
        grouped[term[:2]][term] = postings[term]
    return dict(grouped)


def pack_postings(grouped: dict[str, dict[str, tuple[int, ...]]]) -> dict[str, bytes]:
    """Each shard's postings pickled apart, to be unpacked by :func:`unpack_postings`.

    Loading a lesson from the render cache then makes one bytes object per shard instead of
    a tuple and a string per term: unpickling the postings as objects was four fifths of
    loading 1,000 cached lessons, though a rebuild writes only the few shards an edit touched.
    """
    return {
        name: pickle.dumps(terms, protocol=pickle.HIGHEST_PROTOCOL)
        for name, terms in grouped.items()
    }


def unpack_postings(packed: bytes) -> dict[str, tuple[int, ...]]:
    """One shard's postings of one lesson, as :func:`pack_postings` packed them."""
    return pickle.loads(packed)  # noqa: S301 - made by pack_postings, cached with the lesson


def shard_digests(grouped: dict[str, dict[str, tuple[int, ...]]]) -> dict[str, str]:
    """For each shard a lesson has terms in, a digest of its postings there.

    A shard file changes only when the postings of a lesson in it change, so an edit to one
    lesson rewrites only the few shards whose terms it really changed.
    """
    return {
        name: hashlib.blake2b(repr(terms).encode(), digest_size=6).hexdigest()
        for name, terms in grouped.items()
    }


@dataclass(frozen=True)
class Result:
    path: str  #: page address of the lesson, relative to the site root
    anchor: str
    lesson_title: str
    chapter_title: str
    section_title: str
    snippet: tuple[tuple[str, bool], ...]  #: pieces of text, each marked as a match or not
    score: float


#: Lessons per block: a shard is merged from the blocks' pieces, each made from its own lessons.
BLOCK = 32
#: A term's postings: documents (ascending) and their scores, side by side.
Postings = tuple[list[int], list[int]]
#: A block's piece of every shard: shard → term → its postings in the block's lessons, the
#: best ``MAX_POSTINGS`` kept (the best of the whole course are among the blocks' best).
Piece = dict[str, dict[str, tuple[array, array]]]


class BlockStore:
    """The blocks' pieces on disk, one file per block, kept between builds and previews.

    A rebuild after an edit writes the shards whose postings changed, and each shard covers
    every lesson: it is merged from the pieces of the blocks (of :data:`BLOCK` lessons) kept
    here, and only the edited lessons' block is made again from their packed postings.
    """

    def __init__(self, stem: Path) -> None:
        self.stem = stem  #: the files are ``<stem>-<block>.pickle``

    def load(self, block: int, key: str) -> Piece | None:
        found = read_pickle(self._file(block))
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            return found[1]
        return None

    def save(self, block: int, key: str, piece: Piece) -> None:
        write_pickle(self._file(block), (key, piece))

    def _file(self, block: int) -> Path:
        return self.stem.with_name(f"{self.stem.name}-{block}.pickle")


@dataclass
class SearchIndex:
    """The index of one edition (language) of the course.

    Building it only lists the lessons and which shards each has terms in; a shard's postings
    are gathered when that shard is first asked for, so a rebuild that writes a few shards
    again does not gather them all.
    """

    lang: str
    lessons: list[dict] = field(default_factory=list)  #: u(rl), t(itle), c(hapter), s(ections)
    #: each lesson's postings by shard, packed (as rendered)
    postings_by_lesson: list[dict[str, bytes]] = field(default_factory=list)
    #: each lesson's digest of its postings by shard (as rendered)
    digests_by_lesson: list[dict[str, str]] = field(default_factory=list)
    docs: int = 0
    keys: list[str] = field(default_factory=list)  #: each lesson's content key, for fingerprints
    #: shard → (lesson number, digest of that lesson's postings in the shard), in order
    contributors: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    store: BlockStore | None = None  #: where the blocks' pieces are kept, if anywhere
    version: str = ""  #: the renderer's version, part of each block's key
    _pieces: dict[int, Piece] = field(default_factory=dict, repr=False)
    _gathered: dict[str, dict[str, Postings]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, edition: Edition, store: BlockStore | None = None, version: str = ""
    ) -> SearchIndex:
        index = cls(edition.lang or "en", store=store, version=version)
        contributors: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for lesson in edition.lessons:
            rendered = lesson.rendered
            if rendered is None:
                continue
            number = len(index.lessons)
            sections = rendered.sections[: SPAN - 1]
            index.lessons.append(
                {
                    "u": lesson.path,
                    "t": lesson.title,
                    "c": edition.chapter_of(lesson).title,
                    "s": sections,  # made into lists when its file is written
                }
            )
            index.keys.append(lesson.content_hash)
            index.postings_by_lesson.append(rendered.search_postings)
            index.digests_by_lesson.append(rendered.search_shards)
            index.docs += len(sections)
            for name, digest in rendered.search_shards.items():
                contributors[name].append((number, digest))
        index.contributors = dict(contributors)
        return index

    def _piece(self, block: int) -> Piece:
        """One block's piece of every shard: from memory, the store, or its lessons."""
        found = self._pieces.get(block)
        if found is not None:
            return found
        numbers = range(block * BLOCK, min((block + 1) * BLOCK, len(self.lessons)))
        key = ""
        if self.store is not None:
            # Made of what the piece is made of: the lessons' numbers and their postings'
            # digests, shard by shard, and the code that made both.
            parts = [f"{FORMAT}\0{self.version}\0{BLOCK}"]
            parts += [f"{n}:{self.digests_by_lesson[n]!r}" for n in numbers]
            key = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
            found = self.store.load(block, key)
        if found is None:
            found = _make_piece(numbers, self.postings_by_lesson)
            if self.store is not None:
                self.store.save(block, key, found)
        self._pieces[block] = found
        return found

    def _shard(self, name: str) -> dict[str, Postings]:
        """A shard's terms (sorted), each with its best postings, by document."""
        found = self._gathered.get(name)
        if found is None:
            chunks: dict[str, Postings] = {}
            for block in range(-(-len(self.lessons) // BLOCK)):
                for term, (docs, scores) in self._piece(block).get(name, {}).items():
                    both = chunks.get(term)
                    if both is None:
                        chunks[term] = (list(docs), list(scores))
                    else:
                        both[0].extend(docs)
                        both[1].extend(scores)
            found = self._gathered[name] = {term: _best(*chunks[term]) for term in sorted(chunks)}
        return found

    def postings(self, term: str) -> list[tuple[int, int]]:
        """``(document, score)`` pairs of a term, best ``MAX_POSTINGS`` kept, by document."""
        docs, scores = self._shard(term[:2]).get(term, ([], []))
        return list(zip(docs, scores, strict=True))

    # -- the files the browser downloads -----------------------------------------------

    @property
    def shards(self) -> list[str]:
        """The shards' names (the first two letters of their terms), sorted."""
        return sorted(self.contributors)

    def meta_json(self) -> bytes:
        meta = {
            "format": FORMAT,
            "lang": self.lang,
            "docs": self.docs,
            "span": SPAN,
            "lessons": len(self.lessons),
            "shards": sorted(self.shards),
        }
        return _json(meta)

    def shard_json(self, name: str) -> bytes | None:
        if name not in self.contributors:
            return None
        shard = {}
        for term, (docs, scores) in self._shard(name).items():
            flat = [0] * (2 * len(docs))
            flat[0::2] = docs
            flat[1::2] = scores
            shard[term] = flat
        return _json(shard)

    def lesson_json(self, number: int) -> bytes | None:
        if not 0 <= number < len(self.lessons):
            return None
        lesson = self.lessons[number]
        sections = [[s.anchor, s.title, s.text] for s in lesson["s"]]
        return _json({**lesson, "s": sections})

    def script_js(self) -> bytes:
        """Every file above in one script, for a copy opened from disk, where ``fetch()``
        cannot read files: it sets ``window.coursewareSearchIndex`` to {file name: content}."""
        files = [(b"meta.json", self.meta_json())]
        files += [
            (f"t/{name}.json".encode(), self.shard_json(name)) for name in sorted(self.shards)
        ]
        files += [(f"l/{n}.json".encode(), self.lesson_json(n)) for n in range(len(self.lessons))]
        body = b",\n".join(b'"' + name + b'":' + (data or b"null") for name, data in files)
        return b"window.coursewareSearchIndex={\n" + body + b"\n};\n"

    @cached_property
    def fingerprints(self) -> dict[str, str]:
        """A hash per file (``meta``, ``t/xx``, ``l/N``) from what it is made of, cheaply."""
        found = {"meta": _digest(self.meta_json())}
        # A lesson's digest in a shard covers its terms and postings there, so the shard's
        # contributors say all its file is made of.
        for name, contributors in self.contributors.items():
            numbers = array("I", [number for number, _ in contributors]).tobytes()
            digests = "".join([digest for _, digest in contributors]).encode()
            whole = hashlib.sha256(b"%d\0%s\0%s" % (FORMAT, numbers, digests))
            found[f"t/{name}"] = whole.hexdigest()[:32]
        for number, lesson in enumerate(self.lessons):
            found[f"l/{number}"] = _digest(
                FORMAT, lesson["u"], lesson["t"], lesson["c"], self.keys[number]
            )
        return found

    # -- querying (the live server; search.js mirrors it) ------------------------------

    def query(self, text: str, limit: int = RESULTS) -> list[Result]:
        terms = list(dict.fromkeys(tokens(text, self.lang)))
        if not terms:
            return []
        per_term = [self._matches(term) for term in terms]
        docs = set.intersection(*(set(m) for m in per_term)) if per_term else set()
        if not docs:
            docs = set().union(*(set(m) for m in per_term))
        scores: dict[int, float] = {}
        for doc in sorted(docs):
            scores[doc] = sum(matches.get(doc, 0.0) for matches in per_term)
        best: dict[int, tuple[float, int]] = {}
        for doc, score in scores.items():
            lesson = doc // SPAN
            total, top = best.get(lesson, (0.0, doc))
            if score > scores.get(top, 0.0) or lesson not in best:
                top = doc
            best[lesson] = (total + score, top)
        ranked = sorted(
            best.items(), key=lambda item: (-(scores[item[1][1]] + 0.1 * item[1][0]), item[0])
        )
        return [self._result(doc, scores[doc], terms) for _, (_, doc) in ranked[:limit]]

    def _matches(self, term: str) -> dict[int, float]:
        """Section scores for one query term: exact stems count fully, prefixes less."""
        found: dict[int, float] = {}
        for candidate in self._shard(term[:2]):
            if candidate == term:
                weight = 1.0
            elif candidate.startswith(term):
                weight = 0.6  # the learner is still typing: "templ" finds "template"
            elif len(candidate) >= 4 and term.startswith(candidate):
                weight = 0.5  # "routi" (typing "routing") finds the stem "rout"
            else:
                continue
            postings = self.postings(candidate)
            idf = math.log(1 + (self.docs - len(postings) + 0.5) / (len(postings) + 0.5))
            for doc, score in postings:
                value = idf * score * weight
                if value > found.get(doc, 0.0):
                    found[doc] = value
        return found

    def _result(self, doc: int, score: float, terms: list[str]) -> Result:
        lesson = self.lessons[doc // SPAN]
        section = lesson["s"][doc % SPAN]
        anchor, heading, text = section.anchor, section.title, section.text
        return Result(
            lesson["u"], anchor, lesson["t"], lesson["c"], heading, snippet(text, terms), score
        )


def _make_piece(numbers: range, packed: list[dict[str, bytes]]) -> Piece:
    """The piece of every shard made from the lessons ``numbers``, in order."""
    docs: dict[str, dict[str, list[int]]] = defaultdict(dict)
    scores: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for number in numbers:
        base = number * SPAN
        for name, blob in packed[number].items():
            shard_docs, shard_scores = docs[name], scores[name]
            for term, pairs in unpack_postings(blob).items():
                found = shard_docs.get(term)
                if found is None:
                    found = shard_docs[term] = []
                    shard_scores[term] = []
                found.extend([base + section for section in pairs[0::2]])
                shard_scores[term].extend(pairs[1::2])
    piece: Piece = {}
    for name, terms in docs.items():
        piece[name] = {}
        for term, term_docs in terms.items():
            best_docs, best_scores = _best(term_docs, scores[name][term])
            piece[name][term] = (array("I", best_docs), array("H", best_scores))
    return piece


def _best(docs: list[int], scores: list[int]) -> Postings:
    """The ``MAX_POSTINGS`` best-scoring postings (``docs`` ascending), in document order.

    Of equal scores the first documents are kept, as a stable sort by score would keep them;
    the cut is found by counting scores (small integers), and the postings are picked in one
    pass, without sorting them all.
    """
    if len(docs) <= MAX_POSTINGS:
        return docs, scores
    counts = Counter(scores)
    room = MAX_POSTINGS
    for cut in sorted(counts, reverse=True):
        if counts[cut] >= room:
            break
        room -= counts[cut]
    keep = list(map(cut.__lt__, scores))
    for position in islice(compress(range(len(scores)), map(cut.__eq__, scores)), room):
        keep[position] = True
    return list(compress(docs, keep)), list(compress(scores, keep))


def snippet(text: str, terms: list[str], width: int = 160) -> tuple[tuple[str, bool], ...]:
    """A piece of ``text`` around the first match, split into matched and unmatched parts."""
    if not text:
        return ()
    folded = fold(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")[a-z0-9]*")
    first = pattern.search(folded)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces: list[tuple[str, bool]] = [("… ", False)] if start else []
    position = start
    for match in pattern.finditer(folded, start, end):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((text[match.start() : match.end()], True))
        position = match.end()
    if position < end:
        pieces.append((text[position:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return tuple(pieces)


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def indexes(editions: Mapping[str, Edition]) -> dict[str, SearchIndex]:
    return {lang: SearchIndex.build(edition) for lang, edition in editions.items()}
