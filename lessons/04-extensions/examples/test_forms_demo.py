"""Tests for forms_demo.py, as the Flask-WTF lesson writes them.

Run them from the repository root with:
    pytest lessons/04-extensions/examples/test_forms_demo.py
"""

import re

import forms_demo  # the example module, with the test file saved next to it

good_data = {"name": "Ada", "email": "ada@example.com", "level": "Some Python"}


# --8<-- [start:csrf-off]
def test_a_good_signup_redirects():
    app = forms_demo.create_app({"WTF_CSRF_ENABLED": False})
    response = app.test_client().post(
        "/", data={"name": "Ada", "email": "ada@example.com", "level": "Some Python"}
    )
    assert response.status_code in (302, 303)  # redirect() answers 303 from Flask 3.2 on


# --8<-- [end:csrf-off]


# --8<-- [start:csrf-on]
def csrf_token_from(client, path):
    html = client.get(path).text
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    return match.group(1)


def test_the_real_token_is_accepted():
    client = forms_demo.create_app().test_client()
    token = csrf_token_from(client, "/")
    response = client.post("/", data={**good_data, "csrf_token": token})
    assert response.status_code in (302, 303)


# --8<-- [end:csrf-on]


def test_a_post_without_the_token_is_refused():
    client = forms_demo.create_app().test_client()
    assert client.post("/", data=good_data).status_code == 400
