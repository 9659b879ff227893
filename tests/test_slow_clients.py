"""The README's production command keeps answering while slow clients hold connections open.

Four clients that send their request a byte at a time stalled two sync Gunicorn workers: a
normal request waited 19 s. The server is started exactly as the README says (the command is
read from it), on loopback only, and everything here is bounded to about 15 seconds.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from courseware.config import PROJECT_ROOT

from .browser.support import free_port

README = PROJECT_ROOT / "README.md"
SLOW_CLIENTS = 4
#: A normal request must be answered within this, with the slow clients connected.
ANSWER_SECONDS = 2.0

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None, reason="gunicorn is not installed"
)


def production_command(port: int) -> list[str]:
    """The README's Gunicorn command, bound to ``port`` on loopback."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Running the live server in production", 1)[1]
    line = next(line for line in section.split("\n") if line.startswith("gunicorn "))
    words = shlex.split(line)
    bind = words.index("-b")
    assert words[bind + 1].startswith("127.0.0.1:"), "the README should bind to loopback"
    words[bind + 1] = f"127.0.0.1:{port}"
    return [sys.executable, "-m", *words]


@pytest.fixture
def server(lessons_dir: Path, tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "FLASK_COURSEWARE_LESSONS_DIR": str(lessons_dir),
        "FLASK_COURSEWARE_CACHE_DIR": str(tmp_path / "cache"),
        "FLASK_COURSEWARE_WORKERS": "1",
    }
    process = subprocess.Popen(
        production_command(port),
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("gunicorn did not start within 10 s")
                time.sleep(0.1)
        _get(port, timeout=5)  # both workers ready
        _get(port, timeout=5)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def _get(port: int, timeout: float) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/basics/hello/")
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_readme_command_is_a_threaded_gunicorn_with_preload() -> None:
    command = production_command(8000)
    assert "--preload" in command and "--threads" in command


def test_slow_clients_do_not_stall_the_production_server(server: int) -> None:
    stop = threading.Event()
    request = b"GET /basics/second/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 100

    def trickle(sock: socket.socket) -> None:
        for byte in request:  # one byte every 0.2 s: never a whole request while we measure
            if stop.wait(0.2):
                return
            try:
                sock.send(bytes([byte]))
            except OSError:
                return

    sockets = [
        socket.create_connection(("127.0.0.1", server), timeout=5) for _ in range(SLOW_CLIENTS)
    ]
    threads = [threading.Thread(target=trickle, args=(sock,), daemon=True) for sock in sockets]
    try:
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # the slow clients are connected and sending
        started = time.perf_counter()
        try:
            status = _get(server, timeout=ANSWER_SECONDS + 3)
        except TimeoutError:
            status = 0
        elapsed = time.perf_counter() - started
        print(f"\n{SLOW_CLIENTS} slow clients: a normal request took {elapsed * 1000:.0f} ms")
        assert status == 200 and elapsed < ANSWER_SECONDS, f"{elapsed:.1f} s"
    finally:
        stop.set()
        for thread in threads:
            thread.join(2)
        for sock in sockets:
            sock.close()
