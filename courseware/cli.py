"""``python build.py``: build the static site, check lessons, scaffold lessons, preview.

A thin layer of commands over the library; each command's work lives in its own module.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .build import unchanged
from .config import course_root
from .errors import BuildError, CheckFailed, Diagnostic, Severity

#: Set by the commands that load the whole course: their process ends without freeing it.
_loaded_course = False


def run() -> None:
    """The command line as a process (``python build.py``, ``courseware``).

    A build or check holds the whole course in memory: a 1,000-lesson course is millions of
    small objects, which Python's shutdown frees one by one, about half a second after the
    build has finished and said so. Once such a command is done (its files written, its
    pools shut down), the process exits at once instead. Tests call :func:`main` in-process
    and keep the usual exit.
    """
    try:
        main()
    except SystemExit as exc:
        if not _loaded_course:
            raise
        code = exc.code
    else:  # pragma: no cover - click's standalone mode always raises SystemExit
        code = 0
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (| head), a closed stream
            pass
    os._exit(code)


def _lessons(ctx: click.Context) -> Path:
    """``--lessons``, else ``lessons/`` of the course folder (see :func:`course_root`)."""
    return ctx.obj["lessons"] or course_root() / "lessons"


def _print_diagnostics(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def _summary(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error(s), {warnings} warning(s)"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default="site/",
    help="Folder to write the static site to.",
)
@click.option(
    "--lessons",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Lessons folder (default: lessons/ of the current folder, else of the checkout).",
)
@click.option(
    "--base-url",
    default=None,
    help="Path the site is served under, e.g. /my-course/ for GitHub Pages.",
)
@click.option(
    "--site-url",
    default=None,
    help="Public address of the site, for sitemap.xml and canonical links.",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Make links name index.html, so the site works opened from disk.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.version_option(package_name="courseware", prog_name="courseware")
@click.pass_context
def main(
    ctx: click.Context,
    output: Path,
    lessons: Path | None,
    base_url: str | None,
    site_url: str | None,
    offline: bool,
    strict: bool,
) -> None:
    """Build the course into a static site (the default), or run one of the commands."""
    ctx.obj = {"lessons": lessons}
    if ctx.invoked_subcommand is not None:
        return
    started = time.perf_counter()
    inputs = unchanged.Inputs(output, lessons, base_url, site_url, offline, strict)
    last = unchanged.up_to_date(inputs.stamp, inputs.digest, inputs.output)
    if last is not None:  # nothing a build reads has changed since the last one
        _print_diagnostics(
            [Diagnostic(p, line, m, Severity(s), c) for p, line, m, s, c in last["warnings"]]
        )
        click.echo(
            f"Built {inputs.output}: {last['pages']} files (0 changed: nothing changed since the "
            f"last build) in {time.perf_counter() - started:.2f} s."
        )
        return
    from .build.freeze import build_site

    global _loaded_course
    _loaded_course = True  # from here on, whatever happens is said before the exit
    click.echo("Checking and building the course...", err=True)
    try:
        result = build_site(
            output,
            project_root=course_root(),
            lessons_dir=lessons,
            base_url=base_url,
            site_url=site_url,
            offline=offline,
            strict=strict,
            say=lambda message: click.echo(message, err=True),
            inputs=inputs,
        )
    except CheckFailed as exc:
        _print_diagnostics(exc.diagnostics)
        raise click.ClickException(f"{_summary(exc.diagnostics)}; nothing was built.") from None
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    _print_diagnostics(result.warnings)
    click.echo(
        f"Built {result.output}: {result.pages} files ({result.written} changed) "
        f"in {result.seconds:.2f} s."
    )


@main.command(short_help="Check every lesson and report all problems, compiler-style.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: a list of {file, line, column, severity, message} on standard output.",
)
@click.pass_context
def check(ctx: click.Context, strict: bool, output_format: str) -> None:
    """Check every lesson and report all problems, compiler-style: file:line: message.

    This is the build's first phase, without writing anything: what it reports is what the
    build reports, and it fails exactly when the build would. Errors make the command exit
    with status 1; warnings too with --strict. When the environment variable GITHUB_ACTIONS
    is 'true', each problem is also printed as a GitHub annotation, so it shows on the line
    of the file in a pull request.
    """
    from .build.freeze import diagnose, site_app
    from .report import as_json, github_annotation

    global _loaded_course
    _loaded_course = True
    diagnostics = diagnose(site_app(ctx.obj["lessons"]))
    if output_format == "json":
        click.echo(as_json(diagnostics))
    else:
        _print_diagnostics(diagnostics)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Standard output carries workflow commands, unless it already carries the JSON.
        for diagnostic in diagnostics:
            click.echo(github_annotation(diagnostic), err=output_format == "json")
    failed = any(d.is_error or strict for d in diagnostics)
    click.echo(f"{_summary(diagnostics)}.", err=True)
    if failed:
        sys.exit(1)


@main.command(short_help="Preview the course; pages reload when you save a lesson.")
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, port: int) -> None:
    """Preview the course: pages reload in the browser when you save a lesson."""
    from .web.app import create_app

    config = {"COURSEWARE_PREVIEW": True, "COURSEWARE_SHOW_DRAFTS": True}
    if ctx.obj["lessons"]:
        config["COURSEWARE_LESSONS_DIR"] = ctx.obj["lessons"]
    app = create_app(config)
    click.echo(f"Previewing the course at http://127.0.0.1:{port}/ (Ctrl+C to stop)", err=True)
    app.run(port=port, debug=False, use_reloader=False, threaded=True)


@main.command(short_help="Start the next lesson of a chapter from a skeleton.")
@click.argument("chapter")
@click.argument("title")
@click.pass_context
def new(ctx: click.Context, chapter: str, title: str) -> None:
    """Start the next lesson of CHAPTER (such as 02-mvc) called TITLE, from a skeleton."""
    from .course.scaffold import new_lesson

    try:
        path = new_lesson(_lessons(ctx), chapter, title)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {path}. It is a draft until you remove 'draft: true'.")


@main.command("new-chapter", short_help="Start the next chapter, with a first lesson.")
@click.argument("title")
@click.pass_context
def new_chapter(ctx: click.Context, title: str) -> None:
    """Start a new chapter called TITLE, with a first lesson."""
    from .course.scaffold import new_chapter as create

    try:
        folder, lesson = create(_lessons(ctx), title)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {folder}/chapter.yml and {lesson}.")


@main.group(
    invoke_without_command=True,
    short_help="List the lessons translated, up to date, stale and missing.",
)
@click.pass_context
def translations(ctx: click.Context) -> None:  # noqa: C901 - a report, read top to bottom
    """Show, per language, the lessons translated, up to date, stale and missing."""
    if ctx.invoked_subcommand is not None:
        return
    from .course.loader import load_index
    from .course.translations import status

    index = load_index(_lessons(ctx), include_drafts=True)
    languages = status(index)
    if not languages:
        click.echo("The course has one language; list others under 'languages' in course.yml.")
        return
    for language in languages:
        total = len(index.default.lessons)
        click.echo(
            f"{language.name} ({language.lang}): {len(language.translated)} of {total} lessons "
            f"translated, {len(language.current)} up to date, {len(language.stale)} stale, "
            f"{len(language.missing)} missing"
        )
        for lesson in language.stale:
            plural = "s" if lesson.changed_sections != 1 else ""
            click.echo(
                f"  stale:   {lesson.source} (changed: {lesson.changed_sections} section{plural})"
            )
        for lesson in language.missing:
            expected = lesson.source.replace("/", f"/_translations/{language.lang}/", 1)
            click.echo(f"  missing: {expected}")


@translations.command("mark", short_help="Record that translations are up to date.")
@click.option(
    "--all",
    "mark_all",
    is_flag=True,
    help="Mark every translated lesson of LANG (of every language without LANG).",
)
@click.argument("lang", required=False)
@click.argument("lessons", nargs=-1)
@click.pass_context
def mark_translation(
    ctx: click.Context, mark_all: bool, lang: str | None, lessons: tuple[str, ...]
) -> None:
    """Record that LANG's translation of LESSONS is up to date.

    A lesson may be given as 01-basics/02-routes, with .md, with lessons/ in front, or as the
    translation's own path (lessons/_translations/es/01-basics/02-routes.md), as the other
    commands print it.
    """
    from .course.translations import mark, translated_lessons, translation_languages

    lessons_dir = _lessons(ctx)
    if mark_all and lessons:
        raise click.UsageError("give either --all or lessons to mark, not both")
    if not mark_all and (lang is None or not lessons):
        raise click.UsageError(
            "name a language and the lessons to mark, e.g. 'translations mark es "
            "01-basics/02-routes', or mark them all with 'translations mark --all es'"
        )
    todo = (
        [
            (code, relpath)
            for code in ([lang] if lang else translation_languages(lessons_dir))
            for relpath in translated_lessons(lessons_dir, code)
        ]
        if mark_all
        else [(str(lang), lesson) for lesson in lessons]
    )
    if mark_all and not todo:
        where = f"lessons/_translations/{lang}/" if lang else "lessons/_translations/"
        raise click.ClickException(f"there are no translated lessons under {where}")
    for code, lesson in todo:
        try:
            path = mark(lessons_dir, code, lesson)
        except BuildError as exc:
            raise click.ClickException(str(exc)) from None
        original = path.relative_to(lessons_dir / "_translations" / code).as_posix()
        click.echo(f"Marked {path} as translating the current {lessons_dir.name}/{original}.")


@main.command("new-course", short_help="Start a course repository of your own.")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def new_course(folder: Path) -> None:
    """Write a minimal course into FOLDER: a chapter with a lesson, a README, a .gitignore and
    a GitHub Pages workflow. Run the other commands inside FOLDER."""
    from .course.new_course import new_course as create

    try:
        files = create(folder)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {len(files)} files in {folder}. Preview it with:")
    click.echo(f"  cd {folder} && courseware serve")


@main.command(short_help="Fetch what learners need to run examples in the browser.")
@click.option("--pyodide", default=None, help="Pyodide version from the npm registry.")
def playground(pyodide: str | None) -> None:
    """Fetch Pyodide and Flask's wheels so learners can run examples in the browser."""
    from .build.playground import PYODIDE, assemble, describe

    click.echo(
        "Fetching Pyodide (npm) and the wheels of Flask and its extensions (PyPI)...", err=True
    )
    try:
        manifest = assemble(pyodide=pyodide or PYODIDE)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Ready: {describe(manifest)}. Rebuild the site to publish it.")


@main.command("import", short_help="Turn a Carpentries or MkDocs lesson into a course folder.")
@click.argument("kind", type=click.Choice(["carpentries", "mkdocs"]))
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("lessons"),
    show_default="lessons/",
    help="Folder to write the course to; it must be empty.",
)
@click.option("--force", is_flag=True, help="Replace what the output folder holds.")
def import_course(kind: str, source: Path, output: Path, force: bool) -> None:
    """Turn a Carpentries lesson (the Workbench's, or an older Jekyll one with _episodes/)
    or an MkDocs site in SOURCE into a course."""
    from .importers import import_lesson

    try:
        result = import_lesson(kind, source, output, force=force)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Imported {result.summary()} into {output}.")
    click.echo(
        f"Every change is listed in {output / '_import' / 'IMPORT.md'}; check the course with:"
    )
    click.echo(f"  python build.py --lessons {output} check")
