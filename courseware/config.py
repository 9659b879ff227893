"""Every setting and its default, in one place.

Settings are layered as in the Flask tutorial: these defaults, then ``instance/config.py``,
then ``FLASK_*`` environment variables (``FLASK_COURSEWARE_LESSONS_DIR=...``), then the
mapping given to :func:`courseware.create_app`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

#: The checkout: ``lessons/``, ``templates/`` and ``static/`` live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def engine_dir(name: str) -> Path:
    """The engine's ``templates`` or ``static``: the checkout's at the top of the repository
    (a clone, an editable install), else the copy a wheel installs in ``courseware/_data/``."""
    checkout = PROJECT_ROOT / name
    if (PROJECT_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_data" / name


def course_root() -> Path:
    """The course folder: the current directory when it holds ``lessons/``, else the checkout."""
    here = Path.cwd()
    return here if (here / "lessons").is_dir() else PROJECT_ROOT


def defaults() -> dict[str, Any]:
    course = course_root()
    return {
        #: The course to serve.
        "COURSEWARE_LESSONS_DIR": course / "lessons",
        #: The Jinja templates of the pages.
        "COURSEWARE_TEMPLATES_DIR": engine_dir("templates"),
        #: CSS, JavaScript, icons and the playground runtime, served under ``/static/``.
        "COURSEWARE_STATIC_DIR": engine_dir("static"),
        #: A course folder whose ``templates/`` and ``static/`` take precedence, file by file,
        #: over the two above; ``None``: none. By default the current directory when it is a
        #: course folder other than this checkout.
        "COURSEWARE_COURSE_DIR": None if course == PROJECT_ROOT else course,
        #: Rendered lessons, kept by content hash; ``None`` keeps them in memory only.
        "COURSEWARE_CACHE_DIR": course / ".cache" / "render",
        #: Show ``draft: true`` lessons; ``None`` means "in debug mode only".
        "COURSEWARE_SHOW_DRAFTS": None,
        #: Re-read lessons when a file changes and refresh open tabs; ``None``: debug mode only.
        "COURSEWARE_PREVIEW": None,
        #: Processes used to render lessons that are not in the cache.
        "COURSEWARE_WORKERS": os.cpu_count() or 1,
        #: Answer requests while lessons missing from the cache render in the background (the
        #: one asked for first); ``None``: in preview and under ``flask run``, not in tests or
        #: under a production server such as gunicorn, which load the whole course first.
        "COURSEWARE_BACKGROUND_RENDER": None,
        #: How pages link to each other: "absolute" (live server), "relative" (static site)
        #: or "offline" (static site opened from disk: links name ``index.html``).
        "COURSEWARE_LINK_STYLE": "absolute",
        #: Path the site is served under: the live server's links start with it (behind a
        #: proxy that serves the course under ``/course/``, set it to that), and for the static
        #: site it overrides ``base_url`` in course.yml. Never taken from a request.
        "COURSEWARE_BASE_URL": None,
        #: Public address of the site, for sitemap.xml and canonical links; overrides
        #: ``url`` in course.yml (a GitHub repository gives a GitHub Pages address by default).
        "COURSEWARE_SITE_URL": None,
        #: Send security headers (Content-Security-Policy and friends) with every response.
        "COURSEWARE_SECURITY_HEADERS": True,
    }
