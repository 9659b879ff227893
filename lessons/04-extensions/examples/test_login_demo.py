"""Tests for login_demo.py, as the Flask-Login lesson writes them.

Run them from the repository root with:
    pytest lessons/04-extensions/examples/test_login_demo.py
"""

# --8<-- [start:strong]
from login_demo import create_app


def test_strong_protection_logs_out_a_different_browser():
    app = create_app({"SESSION_PROTECTION": "strong"})
    client = app.test_client()
    client.post("/login", data={"username": "ada", "password": "analytical-engine"})
    assert client.get("/secret").status_code == 200
    response = client.get("/secret", headers={"User-Agent": "a different browser"})
    assert response.status_code in (302, 303)  # sent to the login page


# --8<-- [end:strong]


def test_basic_protection_keeps_a_different_browser_logged_in():
    client = create_app().test_client()
    client.post("/login", data={"username": "ada", "password": "analytical-engine"})
    response = client.get("/secret", headers={"User-Agent": "a different browser"})
    assert response.status_code == 200
