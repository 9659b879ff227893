"""Chapter 6, lesson 2: Linkbox hardened (06-production/examples/02-security)."""

from __future__ import annotations

import logging
import re
import smtplib
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from .linkbox_steps import (
    DOCS,
    app_maker,
    login,
    package,
    relative_imports_only,
    rows,
    run_learner_tests,
    signup,
    token_from,
)

STEP = "02-security"
CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def linkbox(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example(package(STEP))


@pytest.fixture
def make_app(linkbox: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    with app_maker(linkbox, tmp_path) as make:
        yield make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class FakeSMTP:
    """Records what Linkbox does with an SMTP connection instead of sending anything."""

    connections: list[FakeSMTP] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.address = (host, port, timeout)
        self.calls: list[str] = []
        self.sent: list[EmailMessage] = []
        FakeSMTP.connections.append(self)

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.calls.append("quit")

    def starttls(self) -> None:
        self.calls.append("starttls")

    def login(self, username: str, password: str) -> None:
        self.calls.append(f"login {username} {password}")

    def send_message(self, message: EmailMessage) -> None:
        self.calls.append("send")
        self.sent.append(message)


@pytest.fixture
def smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> type[FakeSMTP]:
    monkeypatch.setattr(FakeSMTP, "connections", [])
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config["MAIL_SERVER"] = "smtp.example.com"
    return FakeSMTP


def outbox(smtp: type[FakeSMTP]) -> list[EmailMessage]:
    return [message for connection in smtp.connections for message in connection.sent]


def reset_path(message: EmailMessage, host: str = "localhost") -> str:
    match = re.search(rf"https?://{re.escape(host)}(/auth/reset/\S+)", message.get_content())
    assert match is not None, message.get_content()
    return match[1]


def ask_for_reset(client: FlaskClient, email: str = "ada@example.com", **kwargs: Any) -> Any:
    return client.post("/auth/forgot", data={"email": email}, **kwargs)


# Structure


def test_the_package_uses_relative_imports_only() -> None:
    assert relative_imports_only(STEP) == []


def test_the_snapshot_keeps_step_1s_migrations(app: Flask) -> None:
    assert app.test_cli_runner().invoke(args=["db", "check"]).exit_code == 0


# Security headers


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/auth/login"),
        ("GET", "/"),  # a redirect to the login page
        ("GET", "/no-such-page"),  # 404
        ("GET", "/auth/logout"),  # 405
        ("POST", "/auth/signup"),  # the form with errors
    ],
)
def test_every_response_has_the_security_headers(
    client: FlaskClient, method: str, path: str
) -> None:
    headers = client.open(path, method=method).headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_bootstraps_own_files_get_the_headers_too(client: FlaskClient) -> None:
    with client.get("/bootstrap/static/css/bootstrap.min.css") as response:
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_view_may_set_its_own_policy(app: Flask) -> None:
    @app.get("/embeddable")
    def embeddable() -> tuple[str, dict[str, str]]:
        return "ok", {"Content-Security-Policy": "frame-ancestors *"}

    headers = app.test_client().get("/embeddable").headers
    assert headers["Content-Security-Policy"] == "frame-ancestors *"
    assert headers["X-Content-Type-Options"] == "nosniff"


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_no_page_has_anything_the_policy_would_block(
    app: Flask, client: FlaskClient, smtp: type[FakeSMTP]
) -> None:
    pages = [client.get("/auth/login"), client.get("/auth/signup"), client.get("/auth/forgot")]
    pages.append(client.post("/auth/signup", data={"username": "x"}))
    signup(client)
    client.post("/add", data=DOCS)
    pages += [client.get("/"), client.get("/add"), client.post("/add", data={"url": "nope"})]
    client.post("/auth/logout")
    ask_for_reset(client)
    pages.append(client.get(reset_path(outbox(smtp)[0])))
    for page in pages:
        assert page.status_code == 200
        assert INLINE.search(page.text) is None, INLINE.search(page.text)
        for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
            if not url.startswith(("https://docs.python.org", "/")):  # a bookmark's own link
                pytest.fail(f"{url} is not on Linkbox itself")
        assert "cdn.jsdelivr.net" not in page.text


def test_hsts_only_over_https(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers
    secure = client.get("/auth/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    off = make_app(HSTS_SECONDS=0).test_client()
    assert "Strict-Transport-Security" not in off.get("/", base_url="https://localhost").headers


def test_behind_a_proxy_https_is_recognised_with_proxyfix_only(
    make_app: Callable[..., Flask],
) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    direct = make_app().test_client().get("/auth/login", headers=forwarded)
    assert "Strict-Transport-Security" not in direct.headers
    proxied = make_app(TRUSTED_PROXIES=1).test_client().get("/auth/login", headers=forwarded)
    assert "Strict-Transport-Security" in proxied.headers


# Cookies


def test_the_session_cookie_is_http_only_and_same_site(client: FlaskClient) -> None:
    signup(client)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure  # switched on from the environment on an HTTPS server


def test_the_remember_cookie_lasts_two_weeks(client: FlaskClient) -> None:
    signup(client)
    client.post("/auth/logout")
    login(client, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.expires is not None
    left = cookie.expires - datetime.now(UTC)
    assert timedelta(days=13) < left <= timedelta(days=14)


def test_with_https_and_csrf_the_referer_must_be_this_site(
    make_app: Callable[..., Flask],
) -> None:
    """Why Referrer-Policy is same-origin and not no-referrer: Flask-WTF checks it on HTTPS."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    https = {"base_url": "https://localhost"}
    page = client.get("/auth/signup", **https)
    data = {
        "username": "ada",
        "email": "ada@example.com",
        "password": "correct horse",
        "confirm": "correct horse",
        "csrf_token": token_from(page),
    }
    refused = client.post("/auth/signup", data=data, **https)
    assert refused.status_code == 400
    assert "The referrer header is missing." in refused.text
    accepted = client.post(
        "/auth/signup", data=data, headers={"Referer": "https://localhost/auth/signup"}, **https
    )
    assert accepted.status_code in (302, 303)


# The rate limiter on its own


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_allows_the_limit_then_refuses(linkbox: ModuleType) -> None:
    clock = Clock()
    limiter = linkbox.security.RateLimiter(3, 60, clock=clock)
    assert [limiter.hit("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit("b")  # another address has its own count
    assert limiter.retry_after("a") == 60
    assert limiter.retry_after("b") == 0


def test_the_window_slides(linkbox: ModuleType) -> None:
    clock = Clock()
    limiter = linkbox.security.RateLimiter(2, 60, clock=clock)
    assert limiter.hit("a")
    clock.now += 30
    assert limiter.hit("a")
    assert not limiter.hit("a")
    assert limiter.retry_after("a") == 30
    clock.now += 30  # the first hit is now 60 seconds old and no longer counts
    assert limiter.hit("a")
    assert not limiter.hit("a")


def test_refused_hits_do_not_extend_the_wait(linkbox: ModuleType) -> None:
    clock = Clock()
    limiter = linkbox.security.RateLimiter(1, 60, clock=clock)
    assert limiter.hit("a")
    for _ in range(10):
        clock.now += 5
        assert not limiter.hit("a")
    clock.now += 10
    assert limiter.hit("a")


def test_the_limiter_forgets_quiet_addresses(linkbox: ModuleType) -> None:
    clock = Clock()
    limiter = linkbox.security.RateLimiter(5, 60, clock=clock)
    for number in range(1000):
        limiter.hit(f"198.51.100.{number}")
    clock.now += 61
    limiter.hit("203.0.113.1")
    assert list(limiter._hits) == ["203.0.113.1"]


# Rate limiting the forms


def test_login_is_limited_per_address(client: FlaskClient) -> None:
    for _ in range(5):
        assert login(client, password="guess").status_code == 200
    response = login(client, password="guess")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert response.headers["Content-Security-Policy"] == CSP
    other = {"environ_base": {"REMOTE_ADDR": "203.0.113.9"}}
    assert (
        client.post("/auth/login", data={"username": "x", "password": "y"}, **other).status_code
        == 200
    )


def test_the_right_password_is_refused_too_once_the_limit_is_reached(
    client: FlaskClient,
) -> None:
    signup(client)
    client.post("/auth/logout")
    for _ in range(5):
        login(client, password="guess")
    assert login(client).status_code == 429


def test_showing_the_form_is_never_limited(client: FlaskClient) -> None:
    for _ in range(5):
        login(client, password="guess")
    assert client.get("/auth/login").status_code == 200


def test_each_form_has_its_own_count(client: FlaskClient) -> None:
    for _ in range(5):
        login(client, password="guess")
    assert login(client, password="guess").status_code == 429
    assert ask_for_reset(client, "nobody@example.com").status_code in (302, 303)


def test_the_reset_request_form_is_limited(client: FlaskClient) -> None:
    for _ in range(5):
        ask_for_reset(client, "nobody@example.com")
    assert ask_for_reset(client, "nobody@example.com").status_code == 429


def test_the_limit_comes_from_the_configuration(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATE_LIMIT_ATTEMPTS=2).test_client()
    codes = [login(client, password="guess").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_behind_a_proxy_each_client_needs_its_own_address(
    make_app: Callable[..., Flask],
) -> None:
    def attempts(app: Flask, client_address: str) -> int:
        headers = {"X-Forwarded-For": client_address}
        data = {"username": "ada", "password": "guess"}
        return app.test_client().post("/auth/login", data=data, headers=headers).status_code

    without = make_app()  # every request seems to come from the proxy, 127.0.0.1
    assert [attempts(without, f"203.0.113.{n}") for n in range(6)][-1] == 429
    with_proxyfix = make_app(TRUSTED_PROXIES=1)
    assert {attempts(with_proxyfix, f"203.0.113.{n}") for n in range(6)} == {200}


def test_apps_do_not_share_limits(make_app: Callable[..., Flask]) -> None:
    first, second = make_app(), make_app()
    for _ in range(5):
        login(first.test_client(), password="guess")
    assert login(first.test_client(), password="guess").status_code == 429
    assert login(second.test_client(), password="guess").status_code == 200


# Password reset by email


def test_the_login_page_links_to_the_reset(client: FlaskClient) -> None:
    assert 'href="/auth/forgot"' in client.get("/auth/login").text


def test_a_reset_from_request_to_new_password(
    app: Flask, client: FlaskClient, linkbox: ModuleType, smtp: type[FakeSMTP]
) -> None:
    signup(client)
    client.post("/auth/logout")
    response = ask_for_reset(client, "  ADA@example.com ", follow_redirects=True)
    assert response.request.path == "/auth/login"
    assert "If an account has that address" in response.text
    [connection] = smtp.connections
    assert connection.address == ("smtp.example.com", 587, 10)
    assert connection.calls == ["starttls", "send", "quit"]
    [message] = connection.sent
    assert (message["From"], message["To"]) == ("Linkbox <linkbox@localhost>", "ada@example.com")
    assert message["Subject"] == "Reset your Linkbox password"
    body = message.get_content()
    assert body.startswith("Hello ada,")
    assert "within 60 minutes" in body

    path = reset_path(message)
    page = client.get(path)
    assert page.status_code == 200
    assert "Choose a new password" in page.text
    new = {"password": "a new password", "confirm": "a new password"}
    response = client.post(path, data=new, follow_redirects=True)
    assert response.request.path == "/auth/login"
    assert "Your password has been changed." in response.text
    [user] = rows(app, linkbox, "User")
    assert user.check_password("a new password")
    assert not user.check_password("correct horse")
    assert login(client, password="a new password").location == "/"


def test_the_smtp_login_is_used_when_configured(
    app: Flask, client: FlaskClient, smtp: type[FakeSMTP]
) -> None:
    app.config.update(MAIL_USERNAME="linkbox", MAIL_PASSWORD="s3cret", MAIL_USE_TLS=False)
    signup(client)
    ask_for_reset(client)
    assert smtp.connections[0].calls == ["login linkbox s3cret", "send", "quit"]


def test_a_link_works_once(client: FlaskClient, smtp: type[FakeSMTP]) -> None:
    signup(client)
    client.post("/auth/logout")
    ask_for_reset(client)
    path = reset_path(outbox(smtp)[0])
    new = {"password": "a new password", "confirm": "a new password"}
    assert client.post(path, data=new).location == "/auth/login"
    response = client.post(path, data={"password": "another one!", "confirm": "another one!"})
    assert response.location == "/auth/forgot"
    assert "invalid or has expired" in client.get("/auth/forgot").text


def test_a_new_password_makes_older_links_useless_too(
    client: FlaskClient, smtp: type[FakeSMTP]
) -> None:
    signup(client)
    client.post("/auth/logout")
    ask_for_reset(client)
    ask_for_reset(client)
    first, second = (reset_path(message) for message in outbox(smtp))
    client.post(second, data={"password": "a new password", "confirm": "a new password"})
    assert client.get(first).location == "/auth/forgot"


def test_a_link_expires_after_an_hour(
    client: FlaskClient, smtp: type[FakeSMTP], monkeypatch: pytest.MonkeyPatch
) -> None:
    signup(client)
    client.post("/auth/logout")
    ask_for_reset(client)
    path = reset_path(outbox(smtp)[0])
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 59 * 60)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + 61 * 60)
    assert client.get(path).location == "/auth/forgot"


@pytest.mark.parametrize(
    "forge",
    [
        lambda token, app: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token, app: URLSafeTimedSerializer(
            "another key", salt="linkbox.password-reset"
        ).dumps({"user": 1, "password": token}),
        lambda token, app: URLSafeTimedSerializer(app.secret_key, salt="something else").dumps(
            {"user": 1, "password": "x"}
        ),
        lambda token, app: "not-a-token",
    ],
    ids=["tampered", "other-key", "other-salt", "garbage"],
)
def test_forged_links_are_refused(
    app: Flask, client: FlaskClient, smtp: type[FakeSMTP], forge: Callable[[str, Flask], str]
) -> None:
    signup(client)
    client.post("/auth/logout")
    ask_for_reset(client)
    token = reset_path(outbox(smtp)[0]).rsplit("/", 1)[1]
    response = client.post(
        f"/auth/reset/{forge(token, app)}",
        data={"password": "a new password", "confirm": "a new password"},
    )
    assert response.location == "/auth/forgot"
    assert login(client).location == "/"  # the old password still works


def test_the_token_says_who_but_not_the_password(
    app: Flask, client: FlaskClient, smtp: type[FakeSMTP]
) -> None:
    signup(client)
    ask_for_reset(client)
    token = reset_path(outbox(smtp)[0]).rsplit("/", 1)[1]
    data = URLSafeTimedSerializer(app.secret_key, salt="linkbox.password-reset").loads(token)
    assert set(data) == {"user", "password"}
    assert data["user"] == 1
    assert len(data["password"]) == 16
    assert "scrypt" not in token


def test_a_deleted_account_s_link_is_refused(
    app: Flask, client: FlaskClient, linkbox: ModuleType, smtp: type[FakeSMTP]
) -> None:
    signup(client)
    client.post("/auth/logout")
    ask_for_reset(client)
    path = reset_path(outbox(smtp)[0])
    db = linkbox.models.db
    with app.app_context():
        db.session.delete(db.session.get(linkbox.models.User, 1))
        db.session.commit()
    assert client.get(path).location == "/auth/forgot"


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client: FlaskClient, smtp: type[FakeSMTP]
) -> None:
    signup(client)
    client.post("/auth/logout", follow_redirects=True)  # shows the pending messages
    known = ask_for_reset(client, "ada@example.com", follow_redirects=True)
    unknown = ask_for_reset(client, "nobody@example.com", follow_redirects=True)
    assert len(outbox(smtp)) == 1
    flash = re.compile(r'<div class="alert[^"]*" role="alert">\s*(.*?)\s*</div>', re.DOTALL)
    assert flash.findall(known.text) == flash.findall(unknown.text) != []


def test_the_reset_form_checks_the_new_password(client: FlaskClient, smtp: type[FakeSMTP]) -> None:
    signup(client)
    client.post("/auth/logout")
    ask_for_reset(client)
    path = reset_path(outbox(smtp)[0])
    short = client.post(path, data={"password": "short", "confirm": "short"})
    assert "at least 8" in short.text
    differ = client.post(path, data={"password": "long enough", "confirm": "long enouhg"})
    assert "The passwords differ." in differ.text


def test_links_point_at_a_trusted_host_only(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(TRUSTED_HOSTS=["links.example.com"], MAIL_SERVER="smtp.example.com")
    monkeypatch.setattr(FakeSMTP, "connections", [])
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    client = app.test_client()
    assert client.get("/auth/login").status_code == 400  # "localhost" is not a trusted host
    real = {"base_url": "https://links.example.com"}
    assert signup(client, **real).status_code in (302, 303)
    client.post("/auth/logout", **real)
    # Someone asks for Ada's reset link while claiming the site is evil.example: refused.
    poisoned = ask_for_reset(client, **real, headers={"Host": "evil.example"})
    assert poisoned.status_code == 400
    assert FakeSMTP.connections == []
    assert ask_for_reset(client, **real).status_code in (302, 303)
    [message] = FakeSMTP.connections[0].sent
    assert reset_path(message, "links.example.com").startswith("/auth/reset/")


def test_without_a_mail_server_the_email_is_only_logged(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    signup(client)
    client.post("/auth/logout")
    with caplog.at_level(logging.INFO):
        ask_for_reset(client)
    assert "No MAIL_SERVER: an email to ada@example.com was not sent." in caplog.text
    assert "/auth/reset/" not in caplog.text  # no secret link in a server's logs


def test_in_debug_mode_the_email_appears_in_the_log(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    signup(client)
    client.post("/auth/logout")
    app.debug = True
    with caplog.at_level(logging.INFO):
        ask_for_reset(client)
    assert "No MAIL_SERVER, so this email was not sent" in caplog.text
    assert "http://localhost/auth/reset/" in caplog.text


# The lesson's own test files


def test_the_learners_test_files_pass() -> None:
    result = run_learner_tests(STEP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
