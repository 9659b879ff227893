"""Courseware: a Markdown course served by Flask and frozen into a static site.

The package has three parts, each importable on its own:

- :mod:`courseware.course`, the content model: reads ``lessons/``, renders it and assembles an
  immutable index; it imports nothing from Flask.
- :mod:`courseware.web`, the Flask app that serves the index: app factory, views, URLs.
- :mod:`courseware.build`, the static build over the web app.

``flask --app courseware run`` finds :func:`create_app` here; it is imported on first use, so
``import courseware.course`` needs no Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
