"""What a page read while it was rendered, so a rebuild can tell whether it would change.

The static build renders each page with a recorder switched on. Every attribute read from a
value of the content index (the course, an edition, a chapter, a lesson) is noted as
``(identity, attribute)``; other inputs (a file, a search shard) are noted by the code that
reads them. The next build looks each noted read up in the new index: a page whose reads all
give the same digest would come out the same, so its previous file is kept. Nothing is listed
by hand, so nothing can be forgotten: a template that starts to show a new field records it
the first time it reads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cached_property
from typing import Any

#: A noted read: ``("attr", identity, name)`` or ``(kind, ...)`` for other inputs.
Read = tuple

_recorder: ContextVar[set[Read] | None] = ContextVar("courseware_reads", default=None)


class Tracked:
    """Base of the index's values whose attribute reads are recorded while a page renders.

    Subclasses define ``identity``: a tuple that names the value in every build (a lesson by
    its page address, a chapter by its own), so a read can be looked up again later.
    """

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        recorder = _recorder.get()
        if recorder is None or name[0] == "_" or name == "identity":
            return object.__getattribute__(self, name)
        recorder.add(("attr", _identity(self), name))
        if name not in (_DERIVED.get(type(self)) or _derived(type(self))):
            return object.__getattribute__(self, name)
        # A property is read as a whole: its value is what the page shows, not the
        # attributes it is computed from (a lesson's ``has_instructor_notes``, not its body).
        token = _recorder.set(None)
        try:
            return object.__getattribute__(self, name)
        finally:
            _recorder.reset(token)


def _identity(value: Tracked) -> tuple:
    """The value's identity, worked out once (without recording what it reads)."""
    try:
        return object.__getattribute__(value, "_identity")
    except AttributeError:
        token = _recorder.set(None)
        try:
            found = object.__getattribute__(value, "identity")
        finally:
            _recorder.reset(token)
        object.__setattr__(value, "_identity", found)
        return found


_DERIVED: dict[type, frozenset[str]] = {}


def _derived(cls: type) -> frozenset[str]:
    """The names of a class's properties (computed from other attributes)."""
    found = _DERIVED.get(cls)
    if found is None:
        found = _DERIVED[cls] = frozenset(
            name
            for klass in cls.__mro__
            for name, member in vars(klass).items()
            if isinstance(member, property | cached_property)
        )
    return found


class FieldProperty(property):
    """A property computed from one field of its value alone (see :func:`computed_from`)."""

    source: str


def computed_from(source: str) -> Callable[[Callable[[Any], Any]], FieldProperty]:
    """Declare a property a function of the field ``source`` alone, e.g. a lesson's ``html``
    of its ``rendered`` body.

    A page that reads the property records the property, as any other; a rebuild then digests
    the field instead of the value. It is the same test (the value cannot change unless the
    field does) at a fraction of the cost: a rendered body is named by its content key,
    where its HTML is tens of kilobytes to hash, for every lesson, on every rebuild.
    """

    def decorate(function: Callable[[Any], Any]) -> FieldProperty:
        found = FieldProperty(function, doc=function.__doc__)
        found.source = source
        return found

    return decorate


def digest_read(value: Tracked, name: str) -> str:
    """The digest of ``value.name`` as a page read it (without recording the read)."""
    member = getattr(type(value), name, None)
    if isinstance(member, FieldProperty):
        return digest(("from", member.source, getattr(value, member.source)))
    return digest(getattr(value, name))


def note(read: Read) -> None:
    """Record a read of something other than an index value (a file, a search shard)."""
    recorder = _recorder.get()
    if recorder is not None:
        recorder.add(read)


def note_all(reads: Iterable[Read]) -> None:
    """Record the reads of a part rendered earlier and reused (a chapter's sidebar)."""
    recorder = _recorder.get()
    if recorder is not None:
        recorder.update(reads)


@contextmanager
def recording() -> Iterator[set[Read]]:
    """Record every read in this block (nested blocks add to their own set and this one)."""
    outer = _recorder.get()
    found: set[Read] = set()
    token = _recorder.set(found)
    try:
        yield found
    finally:
        _recorder.reset(token)
        if outer is not None:
            outer.update(found)


@contextmanager
def paused() -> Iterator[None]:
    """Read without recording: for shared work whose result is noted as a whole instead."""
    token = _recorder.set(None)
    try:
        yield
    finally:
        _recorder.reset(token)


def start() -> object:
    """Start recording into a new set (for request hooks); returns the token for :func:`stop`."""
    return _recorder.set(set())


def stop(token: object) -> set[Read]:
    found = _recorder.get() or set()
    _recorder.reset(token)  # type: ignore[arg-type]
    return found


def digest(value: object) -> str:
    """A short, stable digest of a value as a page could show it.

    Index values stand for their identity (their own attributes are reads of their own);
    rendered lesson bodies for their content key; methods for nothing (what they read is
    recorded as they read it).
    """
    if type(value) is str:  # most reads: the same bytes as _feed's, in one call
        data = b"s" + value.encode("utf-8", "surrogatepass") + b"\0"
        return hashlib.blake2b(data, digest_size=12).hexdigest()
    hasher = hashlib.blake2b(digest_size=12)
    _feed(hasher, value)
    return hasher.hexdigest()


def _feed(hasher: Any, value: object) -> None:  # noqa: C901 - one case per kind of value
    update = hasher.update
    if isinstance(value, str):
        update(b"s")
        update(value.encode("utf-8", "surrogatepass"))
        update(b"\0")
    elif isinstance(value, Tracked):
        update(repr(("ref", _identity(value))).encode())
    elif value is None or isinstance(value, bool | int | float | Enum):
        update(repr(value).encode())
    elif isinstance(value, tuple | list):
        update(b"(")
        for item in value:
            _feed(hasher, item)
        update(b")")
    elif isinstance(value, frozenset | set):
        update(b"{")
        for item in sorted(digest(item) for item in value):
            update(item.encode())
        update(b"}")
    elif isinstance(value, Mapping):
        update(b"<")
        for key in sorted(value, key=repr):
            _feed(hasher, key)
            _feed(hasher, value[key])
        update(b">")
    elif (names := _field_names(type(value))) is not None:
        key = getattr(value, "key", None)
        update(type(value).__name__.encode())
        if isinstance(key, str) and key:  # a rendered body: its content key says it all
            update(key.encode())
            return
        for name in names:
            _feed(hasher, getattr(value, name))
    elif callable(value):
        update(b"callable")
    else:
        raise TypeError(f"cannot digest a {type(value).__name__} read by a page")


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names (worked out once per class), or None for other classes."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        found = tuple(item.name for item in fields(cls)) if is_dataclass(cls) else None
        _FIELD_NAMES[cls] = found
        return found
