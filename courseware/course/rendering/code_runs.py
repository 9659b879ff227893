"""Which code blocks something runs, for a course that promises every example works.

With ``check_code_runs: true`` in course.yml the checker reports each Python, Jinja, shell
and console block that nothing runs. A block is run when it:

- includes a file (``--8<--``): the examples are tested files;
- is an interactive session (``pycon``), run as a doctest from the chapter's ``examples/``;
- is a ``console`` block whose commands are all ``flask --app … COMMAND`` (not ``run``) or
  ``python FILE.py``, run from the folder above ``lessons/`` with their output compared;
- is a ``python run`` block, run as a script;

or it says why it cannot run: ```` ```bash norun="installs packages" ````. The course's tests
run the blocks this module calls runnable (see ``tests/test_lesson_code.py``): the checker and
the tests share one definition. Pure functions; no I/O.
"""

from __future__ import annotations

import re
import shlex
from typing import NamedTuple

#: Fence languages whose blocks must be run or marked; ``html`` only when it holds Jinja.
WATCHED = frozenset(
    {
        "python", "py", "python3", "pycon",
        "jinja", "jinja2", "html+jinja", "htmldjango", "html",
        "bash", "sh", "shell", "zsh", "console", "shell-session",
    }
)  # fmt: skip
NORUN = re.compile(r"""[ \t]+norun=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>\S+))""")
PROMPT = re.compile(r"^(?:\([\w.-]+\)[ \t]*)?\$[ \t](?P<command>.*)$")


class Command(NamedTuple):
    """A ``$ command`` of a console block, the block line it is on and the output shown."""

    line: int  #: index of the command's line within the block's code
    words: tuple[str, ...]
    expected: str


def norun_reason(info_line: str) -> str | None:
    """The reason a fence's ``norun="…"`` gives, or None when it has none."""
    match = NORUN.search(info_line)
    if match is None:
        return None
    return (match["double"] or match["single"] or match["bare"] or "").strip()


def without_norun(line: str) -> str:
    """The fence line without its ``norun`` option, which is ours and not the highlighter's."""
    return NORUN.sub("", line, count=1)


def watched(lang: str, code: list[str]) -> bool:
    """Whether the block is of a kind that a course checking its code must run."""
    if lang == "html":
        return any("{{" in line or "{%" in line for line in code)
    return lang in WATCHED


def console_commands(code: list[str]) -> list[Command]:
    """The commands of a console block, each with the output the lesson shows after it."""
    found: list[tuple[int, tuple[str, ...]]] = []
    outputs: list[list[str]] = []
    for index, line in enumerate(code):
        match = PROMPT.match(line.strip())
        if match:
            try:
                words = tuple(shlex.split(match["command"], comments=True))
            except ValueError:
                words = ()
            found.append((index, words))
            outputs.append([])
        elif outputs:
            outputs[-1].append(line)
    return [
        Command(index, words, "\n".join(lines).strip("\n"))
        for (index, words), lines in zip(found, outputs, strict=True)
    ]


def runnable_command(words: tuple[str, ...]) -> bool:
    """``flask --app X COMMAND`` (not a server) or ``python FILE.py``: what the tests run."""
    if not words:
        return False
    if words[0] in ("python", "python3"):
        return len(words) > 1 and words[1].endswith(".py")
    if words[0] != "flask" or "--app" not in words:
        return False
    rest = list(words[1:])
    while rest and rest[0].startswith("-"):  # options before the command, with their values
        option = rest.pop(0)
        if option in ("--app", "-A", "-e", "--env-file") and rest:
            rest.pop(0)
    if not rest:
        return "--help" in words  # the app's list of commands
    return rest[0] != "run"


def is_run(lang: str, code: list[str], *, included: bool, run: bool) -> bool:
    """Whether something runs this block (see the module's docstring)."""
    if included or run:
        return True
    if lang == "pycon":
        return any(line.lstrip().startswith(">>>") for line in code)
    if lang in ("console", "shell-session"):
        commands = console_commands(code)
        return bool(commands) and all(runnable_command(command.words) for command in commands)
    return False


def unrun_message(lang: str) -> str:
    """What the checker says about a block nothing runs."""
    return (
        f"nothing runs this {lang} block: include a tested file with --8<--, write it as a "
        "session the tests run (```pycon, or ```console with flask --app commands), or say why "
        "it cannot run: ```" + lang + ' norun="the reason"'
    )
