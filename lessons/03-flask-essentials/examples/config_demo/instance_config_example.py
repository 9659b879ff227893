# An example of instance/config.py for config_demo. Copy it to
# lessons/03-flask-essentials/examples/instance/config.py and change the values.
# The instance folder is listed in .gitignore, so the real file is never committed.

SECRET_KEY = "replace-me-with-the-output-of-secrets.token_hex()"
SITE_NAME = "Config demo on this computer"
ITEMS_PER_PAGE = 30
