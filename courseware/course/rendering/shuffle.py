"""The order a quiz question's options are shown in: shuffled, but the same on every build.

A question's options are shuffled with a seed made of the lesson's path and the question's
text, so the page does not give the answer away by its position (authors tend to write the
right answer first) and two builds of the same course are identical. Options marked
``fixed`` ("All of the above") keep their place; the others move around them.

``static/js/quiz.js`` shuffles again in the browser, per learner; this order is what pages
show without JavaScript.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

_SPAN = 1 << 32


def _numbers(seed: str) -> Iterator[int]:
    """An endless stream of 32-bit numbers from SHA-256: the same on every platform."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}\0{counter}".encode()).digest()
        for start in range(0, len(digest), 4):
            yield int.from_bytes(digest[start : start + 4], "big")
        counter += 1


def _below(numbers: Iterator[int], limit: int) -> int:
    """A number in ``range(limit)``, without the bias of a plain modulo."""
    accept = _SPAN - _SPAN % limit
    while True:
        number = next(numbers)
        if number < accept:
            return number % limit


def arrangement(fixed: Sequence[bool], seed: str) -> tuple[int, ...]:
    """The options' order as indexes into the authored list: ``fixed`` ones keep their index.

    >>> arrangement([False, False, True], "x")[2]
    2
    """
    movable = [index for index, keep in enumerate(fixed) if not keep]
    numbers = _numbers(seed)
    for last in range(len(movable) - 1, 0, -1):  # Fisher-Yates
        other = _below(numbers, last + 1)
        movable[last], movable[other] = movable[other], movable[last]
    shuffled = iter(movable)
    return tuple(index if keep else next(shuffled) for index, keep in enumerate(fixed))
