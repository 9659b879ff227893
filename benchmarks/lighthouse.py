"""Lighthouse scores of the course on a phone: the home page, a lesson and the search page.

``python benchmarks/lighthouse.py`` builds the course in this checkout with ``build.py -o``,
serves it on loopback with ``static_server.py`` (the closest thing to GitHub Pages here) and
runs Lighthouse's default mobile audit (a Moto G Power sized screen, simulated slow 4G and a
4× slower CPU) on each page, for all four categories. ``--live`` measures the Flask app under
gunicorn instead; ``--material SITE`` adds the same pages of a Material for MkDocs build (see
``docs/screenshots/material.py``) for comparison.

Lighthouse comes from the npm registry and needs Node.js; give its command with
``--lighthouse`` (e.g. ``/tmp/lh/node_modules/.bin/lighthouse`` after ``npm install --prefix
/tmp/lh lighthouse@12``), else ``lighthouse`` on PATH is used, else ``npx --yes lighthouse@12``.
Chromium: ``--chromium`` (default /usr/bin/chromium), run headless without the sandbox.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    BUILD_PY,
    PROJECT_ROOT,
    CommandFailed,
    code_fingerprint,
    fail,
    log,
    machine_notes,
    run,
    table,
    workdir,
)
from load import free_port, static_site, stop, wait_until_up  # noqa: E402

Pages = tuple[tuple[str, str], ...]

#: The pages measured: (name, path). The search page gets a query, as a learner arrives there.
PAGES: Pages = (
    ("home", ""),
    ("lesson", "flask-essentials/sessions/"),
    ("search", "search/?q=cookie"),
)
#: Material's search is a dialog on every page; ``?q=`` opens it with the query.
MATERIAL_PAGES: Pages = (
    ("home", ""),
    ("lesson", "flask-essentials/sessions/"),
    ("search", "?q=cookie"),
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Lab metrics shown next to the scores: (audit id, column, unit).
METRICS = (
    ("first-contentful-paint", "FCP s", 1000),
    ("largest-contentful-paint", "LCP s", 1000),
    ("total-blocking-time", "TBT ms", 1),
    ("cumulative-layout-shift", "CLS", None),
    ("total-byte-weight", "KiB", 1024),
)


def lighthouse_command(given: str | None) -> list[str]:
    """The command that runs Lighthouse: the one given, the one on PATH, or npx."""
    if given:
        return [given]
    found = shutil.which("lighthouse")
    if found:
        return [found]
    npx = shutil.which("npx")
    if npx:
        return [npx, "--yes", "lighthouse@12"]
    raise SystemExit("lighthouse.py: no lighthouse and no npx; install Node.js, or --lighthouse")


def versions(lighthouse: list[str], chromium: str) -> str:
    """Lighthouse, Chromium and Node versions, for the report."""

    def ask(command: list[str]) -> str:
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=120)
            return out.stdout.strip() or out.stderr.strip()
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"unknown ({exc})"

    return (
        f"- Lighthouse {ask([*lighthouse, '--version'])}; {ask([chromium, '--version'])}; "
        f"Node {ask(['node', '--version'])}"
    )


def audit(url: str, lighthouse: list[str], chromium: str, out: Path, timeout: float) -> dict:
    """One Lighthouse run on ``url``: its JSON report."""
    command = [
        *lighthouse,
        url,
        f"--chrome-path={chromium}",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    run(command, timeout=timeout, env=env)
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise CommandFailed(f"{url}: {report['runtimeError']}")
    return report


def summarise(reports: list[dict]) -> dict[str, float]:
    """Median of each category score (0–100) and of each metric over the runs."""
    row: dict[str, float] = {}
    for category in CATEGORIES:
        row[category] = statistics.median(r["categories"][category]["score"] * 100 for r in reports)
    for audit_id, column, unit in METRICS:
        values = [r["audits"][audit_id]["numericValue"] for r in reports]
        value = statistics.median(values)
        if unit is None:
            row[column] = round(value, 3)
        elif unit == 1000:
            row[column] = value / unit
        else:
            row[column] = int(round(value / unit))
    return row


def failing(report: dict) -> list[str]:
    """The audits that cost points in a category, for the person fixing them."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            found = report["audits"][ref["id"]]
            if ref["weight"] and found["score"] is not None and found["score"] < 1:
                value = found.get("displayValue", "")
                lines.append(f"{category['id']}: {ref['id']} {found['score']:.2f} {value}")
    return lines


def measure(
    site: str, base: str, pages: Pages, args: argparse.Namespace, scratch: Path
) -> list[list[object]]:
    """Table rows for each page of one site."""
    rows: list[list[object]] = []
    for name, path in pages:
        reports = []
        for n in range(args.runs):
            url = base + path
            log(f"{site} {name}: Lighthouse run {n + 1}/{args.runs} on {url}")
            out = scratch / f"{site}-{name}-{n}.json"
            reports.append(audit(url, args.lighthouse, args.chromium, out, args.timeout))
            for line in failing(reports[-1]):
                log(f"  {line}")
        summary = summarise(reports)
        rows.append(
            [f"{site}: {name}", *(round(summary[c]) for c in CATEGORIES)]
            + [summary[column] for _, column, _ in METRICS]
        )
    return rows


@contextmanager
def live_server() -> Iterator[str]:
    """The Flask app under gunicorn, as README.md deploys it; yields its address."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "--threads", "4",
        "-b", f"127.0.0.1:{port}", "--chdir", str(PROJECT_ROOT), "courseware:create_app()",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_until_up(base, 120)
        yield base
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", help="Lighthouse command (default: PATH, then npx)")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium to audit in")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; medians reported")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per Lighthouse run")
    parser.add_argument("--site", type=Path, help="an already built site to serve (no build)")
    parser.add_argument("--live", action="store_true", help="measure the live app (gunicorn)")
    parser.add_argument("--material", type=Path, help="a built Material site to compare")
    parser.add_argument("--workdir", type=Path, help="keep the site and reports here")
    args = parser.parse_args()
    args.lighthouse = lighthouse_command(args.lighthouse)
    code = code_fingerprint()
    rows: list[list[object]] = []
    try:
        with workdir(args.workdir, "bench-lighthouse-") as scratch:
            if args.live:
                with live_server() as base:
                    rows += measure("ours, live", base, PAGES, args, scratch)
            else:
                site = args.site
                if site is None:
                    site = scratch / "site"
                    log(f"building the course into {site}")
                    run([sys.executable, BUILD_PY, "-o", site], timeout=600, cwd=PROJECT_ROOT)
                with static_site(site) as base:
                    rows += measure("ours", base, PAGES, args, scratch)
            if args.material:
                with static_site(args.material) as base:
                    rows += measure("Material", base, MATERIAL_PAGES, args, scratch)
    except (CommandFailed, RuntimeError, OSError) as exc:
        raise fail(exc) from exc
    headers = ["page", *CATEGORIES, *(column for _, column, _ in METRICS)]
    print(f"## Lighthouse, mobile (median of {args.runs} runs)\n")
    print(table(headers, rows))
    print(f"\nCode: {code}\n")
    print(versions(args.lighthouse, args.chromium))
    print(machine_notes())


if __name__ == "__main__":
    main()
