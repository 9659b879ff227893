"""The content model: read ``lessons/``, render it, assemble an immutable index.

Nothing in this package imports Flask; the web app and the static build are built on it.
"""
