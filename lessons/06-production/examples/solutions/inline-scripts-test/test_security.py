"""Linkbox's security features. Run with: pytest lessons/06-production/examples/02-security"""

from __future__ import annotations

import re
import smtplib
import time
from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient

ADA = {
    "username": "ada",
    "email": "ada@example.com",
    "password": "correct horse",
    "confirm": "correct horse",
}


# --8<-- [start:headers]
def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    for path in ("/auth/login", "/no-such-page"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_only(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers
    secure = client.get("/auth/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


# --8<-- [end:headers]


# --8<-- [start:limit]
def test_the_sixth_login_attempt_in_a_minute_is_refused(client: FlaskClient) -> None:
    wrong = {"username": "ada", "password": "a guess"}
    for _ in range(5):
        assert client.post("/auth/login", data=wrong).status_code == 200
    response = client.post("/auth/login", data=wrong)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60


# --8<-- [end:limit]


# --8<-- [start:outbox]
@pytest.fixture
def outbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[EmailMessage]:
    """The emails Linkbox sends during a test, caught by a fake SMTP server."""
    sent: list[EmailMessage] = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            assert (host, port) == ("smtp.example.com", 587)

        def __enter__(self) -> FakeSMTP:
            return self

        def __exit__(self, *exc_info: object) -> None:
            pass

        def starttls(self) -> None:
            pass

        def login(self, username: str, password: str) -> None:
            pass

        def send_message(self, message: EmailMessage) -> None:
            sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config["MAIL_SERVER"] = "smtp.example.com"
    return sent


# --8<-- [end:outbox]


# --8<-- [start:reset]
def reset_link(message: EmailMessage) -> str:
    match = re.search(r"http://localhost(/auth/reset/\S+)", message.get_content())
    assert match is not None, "the email has no reset link"
    return match[1]


def test_a_password_reset_by_email(client: FlaskClient, outbox: list[EmailMessage]) -> None:
    client.post("/auth/signup", data=ADA)
    client.post("/auth/logout")
    response = client.post("/auth/forgot", data={"email": "ada@example.com"})
    assert response.status_code in (302, 303)
    [message] = outbox
    assert message["To"] == "ada@example.com"
    link = reset_link(message)

    new = {"password": "a new password", "confirm": "a new password"}
    assert client.post(link, data=new).location == "/auth/login"
    assert client.post("/auth/login", data={"username": "ada", **new}).location == "/"
    client.post("/auth/logout")
    assert client.get(link).location == "/auth/forgot"  # the link worked once only


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client: FlaskClient, outbox: list[EmailMessage]
) -> None:
    response = client.post("/auth/forgot", data={"email": "nobody@example.com"})
    assert response.location == "/auth/login"
    assert outbox == []


def test_a_link_older_than_an_hour_is_refused(
    client: FlaskClient, outbox: list[EmailMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post("/auth/signup", data=ADA)
    client.post("/auth/logout")
    client.post("/auth/forgot", data={"email": "ada@example.com"})
    link = reset_link(outbox[0])
    two_hours_later = time.time() + 2 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: two_hours_later)
    assert client.get(link).location == "/auth/forgot"


# --8<-- [end:reset]


# --8<-- [start:inline]
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/auth/login", "/auth/signup", "/auth/forgot"])
def test_pages_have_nothing_the_policy_blocks(client: FlaskClient, path: str) -> None:
    page = client.get(path)
    assert INLINE.search(page.text) is None


# --8<-- [end:inline]
