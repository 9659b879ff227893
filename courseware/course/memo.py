"""What one load of a course keeps for the next, so that a preview's reload after a save reads,
hashes and links again only what the save changed.

Every reuse is checked, none assumed:

- a lesson file (or a chapter's settings) is read again unless its stamp, the reader's
  settings and where it stands are the same as last time (:meth:`.sources.Reader._remembered`);
- a content key is computed again unless the render input is equal and every file it hashed
  has its stamp; when anything under ``lessons/`` was added, removed or renamed since, the
  lesson must also still include the same files;
- a linked lesson (its rendering and neighbours filled in) is made again unless its record,
  its rendering and its neighbours are the very same;
- whether a linked file lies inside ``lessons/`` is looked at again after any addition,
  removal or rename.
- a lesson waiting for a first start's background rendering keeps its stand-in until the
  rendering has put it in the render cache's memory.

A load that fails keeps nothing, so the memo always answers for the last load that finished.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .render_pool import content_key, looked_at
from .rendering import Pending
from .stamps import Snapshot, Stamp, stamp

if TYPE_CHECKING:
    from .model import Lesson, Rendered
    from .rendering import RenderInput

#: A content key and the files it hashed, each with its stamp from just before it was read.
Keyed = tuple[str, tuple[tuple[Path, Stamp | None], ...]]
#: A linked lesson and what it was made from: the record, the rendering and the neighbours.
Linked = tuple["Lesson", "Rendered | None", dict, "Lesson"]


class Remembers:
    """Gives a call of the previous load again, with what it collected then (a reader's).

    The attributes of a subclass are of three kinds: what it collects as it reads
    (``GATHERED``: lists, sets and dicts), what it keeps from load to load (``KEPT``, among
    them ``read_before`` and ``read``), and all the others, its settings. Every setting is part
    of the key of every remembered call, so a setting added later cannot be forgotten; each is
    frozen as it is set (a set becomes a frozenset), so none can change unseen.
    """

    GATHERED: tuple[str, ...] = ()
    KEPT: frozenset[str] = frozenset()
    read_before: dict[tuple, tuple]
    read: dict[tuple, tuple]

    def __setattr__(self, name: str, value: object) -> None:
        if name not in self.GATHERED and name not in self.KEPT and not name.startswith("_"):
            value = _frozen(value)
            self.__dict__.pop("_settings", None)
        object.__setattr__(self, name, value)

    def settings(self) -> tuple:
        """Every setting, by name: what reading a file depends on besides the file."""
        found = self.__dict__.get("_settings")
        if found is None:
            found = tuple(
                (name, _hashable(value))
                for name, value in vars(self).items()
                if name not in self.GATHERED and name not in self.KEPT and name[0] != "_"
            )
            # The same settings as the previous load's are the same object: a key is then
            # found by its identity, not compared part by part.
            found = self.__dict__["_settings"] = _SETTINGS.setdefault(found, found)
        return found

    def _remembered(self, key: tuple, read: Callable[[], Any]) -> Any:
        """``read()``, or what it gave the previous load for the same ``key`` (which must name
        every file the call reads, with its stamp) and the same settings.

        What the call collects is kept apart while it runs, so that it can be added again
        each time the result is given again.
        """
        key = (*key, self.settings())
        found = self.read_before.get(key)
        if found is None:
            outer = {name: getattr(self, name) for name in self.GATHERED}
            for name, value in outer.items():
                object.__setattr__(self, name, type(value)())
            try:
                result = read()
                found = (result, *(_frozen(getattr(self, name)) for name in self.GATHERED))
            finally:
                for name, value in outer.items():
                    object.__setattr__(self, name, value)
        self.read[key] = found
        for name, gathered in zip(self.GATHERED, found[1:], strict=True):
            collection = getattr(self, name)
            if isinstance(collection, list):
                collection.extend(gathered)
            else:
                collection.update(gathered)
        return found[0]


#: Every reader's settings seen so far, each once (a handful in a process).
_SETTINGS: dict[tuple, tuple] = {}


def _frozen(value: object) -> object:
    """A list, set or dict as a tuple, frozenset or read-only copy; anything else as it is."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, dict):
        return MappingProxyType(dict(value))
    return value


def _hashable(value: object) -> object:
    """A frozen setting as part of a key (a mapping as its items)."""
    if isinstance(value, Mapping):
        return tuple(sorted((repr(key), _hashable(item)) for key, item in value.items()))
    return value


class LoadMemo:
    """What the last finished load of one lessons folder read, hashed and linked."""

    def __init__(self) -> None:
        #: held for a whole load: a preview's reloads and its background rendering share one
        self.lock = threading.Lock()
        #: the stamps the last load started from
        self.snapshot: Snapshot | None = None
        #: lesson files and chapter settings read (see :class:`.sources.Reader`)
        self.read: dict[tuple, tuple] = {}
        self.keys: dict[RenderInput, Keyed] = {}
        #: linked lessons by edition and file
        self.linked: dict[tuple[str, str], Linked] = {}
        #: whether a linked file is a file inside ``lessons/``, by its path there
        self.inside: dict[str, bool] = {}
        #: stand-ins of lessons still rendering in the background, by content key
        self.pending: dict[str, Rendered] = {}


def _keyed(item: RenderInput) -> Keyed:
    """The content key of ``item``, with the stamp of each file it hashed."""
    files: list[tuple[Path, Stamp | None]] = []
    key = content_key(item, lambda file: files.append((file, stamp(file))))
    return key, tuple(files)


class Load:
    """One load's use of a memo: looks things up in it, collects what the next load may reuse,
    and hands that over only when :meth:`finish` is called."""

    def __init__(self, memo: LoadMemo, taken: Snapshot) -> None:
        self.memo = memo
        self.taken = taken
        #: nothing was added, removed or renamed since the memo's load
        self.same_shape = taken.same_shape(memo.snapshot)
        self.keys: dict[RenderInput, Keyed] = {}
        self.linked: dict[tuple[str, str], Linked] = {}
        self.inside: dict[str, bool] = {}
        self.pending: dict[str, Rendered] = {}

    def content_keys(self, items: Sequence[RenderInput]) -> list[str]:
        """Each item's content key (see :func:`.render_pool.content_key`)."""
        before = self.memo.keys
        found = []
        for item in items:
            entry = before.get(item)
            if entry is None or not self._still(item, entry):
                entry = _keyed(item)
            self.keys[item] = entry
            found.append(entry[0])
        return found

    def _still(self, item: RenderInput, entry: Keyed) -> bool:
        """Whether a content key still holds: the same files hashed, none of them changed."""
        files = entry[1]
        if not self.same_shape:
            found = looked_at(item.lessons_dir, item.relpath, item.body)
            if [file for file, _ in found] != [file for file, _ in files]:
                return False
        return all(stamp(file) == before for file, before in files)

    def results(
        self,
        items: Sequence[RenderInput],
        keys: list[str],
        cached: Mapping[str, Rendered],
        lazy: bool,
        render: Callable[[list[RenderInput], list[str]], list[Rendered]],
    ) -> list[Rendered]:
        """``render(items, keys)`` (see :func:`.render_pool.render_many`), but for the lessons
        still waiting for the background rendering of a first start.

        In a lazy load, a lesson that was waiting in the previous load and is still not among
        the ``cached`` renderings in memory (where the background rendering puts each one it
        finishes) keeps the stand-in it had, not looked up on disk again; a lesson that waits
        again gets its previous stand-in too. A reload while a first start renders then looks
        up, and links again, only the lessons that changed or got rendered meanwhile.
        """
        before = self.memo.pending if lazy else {}
        results: list[Rendered | None] = [
            before.get(key) if key not in cached else None for key in keys
        ]
        todo = [index for index, found in enumerate(results) if found is None]
        fresh = render([items[index] for index in todo], [keys[index] for index in todo])
        for index, result in zip(todo, fresh, strict=True):
            key = keys[index]
            if isinstance(result, Pending):
                result = before.get(key) or (
                    result if result.key == key else replace(result, key=key)
                )
            results[index] = result
        self.pending = {
            key: result
            for key, result in zip(keys, results, strict=True)
            if isinstance(result, Pending)
        }
        return results  # type: ignore[return-value]

    def linked_lesson(
        self,
        lesson: Lesson,
        rendered: Rendered | None,
        around: dict,
        link: Callable[[], Lesson],
    ) -> Lesson:
        """``link()``, or the lesson it made last time from the very same parts."""
        slot = (lesson.path, lesson.relpath)
        entry = self.memo.linked.get(slot)
        if (
            entry is None
            or entry[0] is not lesson
            or entry[1] is not rendered
            or entry[2] != around
        ):
            entry = (lesson, rendered, around, link())
        self.linked[slot] = entry
        return entry[3]

    def inside_lessons(self, relpath: str, look: Callable[[str], bool]) -> bool:
        """``look(relpath)``, or its answer last time when nothing was added, removed or
        renamed since."""
        found = self.memo.inside.get(relpath) if self.same_shape else None
        if found is None:
            found = look(relpath)
        self.inside[relpath] = found
        return found

    def finish(self, read: dict[tuple, tuple]) -> None:
        """Hand what this load used over to the next (what it did not use is forgotten)."""
        memo = self.memo
        memo.snapshot = self.taken
        memo.read = read
        memo.keys = self.keys
        memo.linked = self.linked
        memo.inside = self.inside
        memo.pending = self.pending
