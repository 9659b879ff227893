"""Blueprints: the controllers of the site."""
