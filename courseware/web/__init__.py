"""The Flask app that serves a course: the factory, views, links, page cache, headers."""

from .app import create_app

__all__ = ["create_app"]
