"""``python build.py``: build the static site, check lessons, scaffold lessons, preview.

A thin layer of commands over the library; each command's work lives in its own module.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import PROJECT_ROOT
from .errors import BuildError, CheckFailed, Diagnostic

DEFAULT_OUTPUT = PROJECT_ROOT / "site"


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
    default=DEFAULT_OUTPUT,
    show_default="site/",
    help="Folder to write the static site to.",
)
@click.option(
    "--lessons",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Lessons folder (default: lessons/).",
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
    from .freeze import build_site

    click.echo("Checking and building the course...", err=True)
    try:
        result = build_site(
            output,
            project_root=PROJECT_ROOT,
            lessons_dir=lessons,
            base_url=base_url,
            site_url=site_url,
            offline=offline,
            strict=strict,
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


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, strict: bool) -> None:
    """Check every lesson and report all problems, compiler-style."""
    from .checker import check_course

    diagnostics = check_course(ctx.obj["lessons"] or PROJECT_ROOT / "lessons")
    _print_diagnostics(diagnostics)
    failed = any(d.is_error or strict for d in diagnostics)
    click.echo(f"{_summary(diagnostics)}.", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, port: int) -> None:
    """Preview the course: pages reload in the browser when you save a lesson."""
    from . import create_app

    config = {"COURSEWARE_PREVIEW": True, "COURSEWARE_SHOW_DRAFTS": True}
    if ctx.obj["lessons"]:
        config["COURSEWARE_LESSONS_DIR"] = ctx.obj["lessons"]
    app = create_app(config)
    click.echo(f"Previewing the course at http://127.0.0.1:{port}/ (Ctrl+C to stop)", err=True)
    app.run(port=port, debug=False, use_reloader=False, threaded=True)


@main.command()
@click.argument("chapter")
@click.argument("title")
@click.pass_context
def new(ctx: click.Context, chapter: str, title: str) -> None:
    """Start the next lesson of CHAPTER (e.g. 02-mvc) called TITLE."""
    from .scaffold import new_lesson

    try:
        path = new_lesson(ctx.obj["lessons"] or PROJECT_ROOT / "lessons", chapter, title)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {path}. It is a draft until you remove 'draft: true'.")


@main.command("new-chapter")
@click.argument("title")
@click.pass_context
def new_chapter(ctx: click.Context, title: str) -> None:
    """Start a new chapter called TITLE, with a first lesson."""
    from .scaffold import new_chapter as create

    try:
        folder, lesson = create(ctx.obj["lessons"] or PROJECT_ROOT / "lessons", title)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {folder}/chapter.yml and {lesson}.")


@main.group(invoke_without_command=True)
@click.pass_context
def translations(ctx: click.Context) -> None:  # noqa: C901 - a report, read top to bottom
    """Show, per language, the lessons translated, up to date, stale and missing."""
    if ctx.invoked_subcommand is not None:
        return
    from .loader import load_index
    from .translations import status

    index = load_index(ctx.obj["lessons"] or PROJECT_ROOT / "lessons", include_drafts=True)
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


@translations.command("mark")
@click.argument("lang")
@click.argument("lessons", nargs=-1, required=True)
@click.pass_context
def mark_translation(ctx: click.Context, lang: str, lessons: tuple[str, ...]) -> None:
    """Record that LANG's translation of LESSONS (e.g. 01-basics/02-routes) is up to date."""
    from .translations import mark

    lessons_dir = ctx.obj["lessons"] or PROJECT_ROOT / "lessons"
    for lesson in lessons:
        try:
            path = mark(lessons_dir, lang, lesson)
        except BuildError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Marked {path} as translating the current {lesson}.")


@main.command()
@click.option("--pyodide", default=None, help="Pyodide version from the npm registry.")
def playground(pyodide: str | None) -> None:
    """Fetch Pyodide and Flask's wheels so learners can run examples in the browser."""
    from .playground import PYODIDE, assemble, describe

    click.echo(
        "Fetching Pyodide (npm) and the wheels of Flask and its extensions (PyPI)...", err=True
    )
    try:
        manifest = assemble(pyodide=pyodide or PYODIDE)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Ready: {describe(manifest)}. Rebuild the site to publish it.")


@main.command("import")
@click.argument("kind", type=click.Choice(["carpentries", "mkdocs"]))
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=PROJECT_ROOT / "lessons",
    show_default="lessons/",
    help="Folder to write the course to; it must be empty.",
)
@click.option("--force", is_flag=True, help="Replace what the output folder holds.")
def import_course(kind: str, source: Path, output: Path, force: bool) -> None:
    """Turn a Carpentries Workbench lesson or an MkDocs site in SOURCE into a course."""
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
