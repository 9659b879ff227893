"""Settings shared by every installation of config_demo, one class per environment.

Nothing secret lives here: this file is committed. Secrets come from the instance
folder or from FLASK_* environment variables.
"""

from __future__ import annotations


# --8<-- [start:classes]
# --8<-- [start:suffix]
class Config:
    """Defaults for every environment. Only UPPER-CASE names become settings."""

    SITE_NAME = "Config demo"
    ITEMS_PER_PAGE = 20
    SUPPORT_EMAIL = "help@example.com"
    SESSION_COOKIE_SAMESITE = "Lax"
    SECRET_KEY: str | None = None  # never written here; see create_app()
    PAGE_TITLE_SUFFIX = " | Config demo"
    # --8<-- [end:suffix]


class DevelopmentConfig(Config):
    SECRET_KEY = "dev"  # good enough on your own computer, and nowhere else


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True  # the site is served over HTTPS
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
# --8<-- [end:classes]
