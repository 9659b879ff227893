"""Load test: 50 concurrent clients against the course, with zero errors expected.

``python benchmarks/load.py [--connections 50] [--duration 30]`` runs three scenarios on
loopback, each bounded in time, and prints a Markdown report:

1. **production**: gunicorn (``--preload -w 2``) serving the course; every page of the course
   is requested in turn.
2. **preview while editing**: the preview server (``python build.py serve``) under the same
   load while a lesson is saved again and again, as an editor does (write, then rename).
3. **static site while rebuilding**: Python's ``http.server`` (with keep-alive and a listen
   backlog for 50 clients, ``static_server.py``) serving ``site/`` while ``python build.py``
   rebuilds it again and again after lesson edits.

The load comes from ``wrk`` (with a script that walks every page) when ``/usr/bin/wrk`` exists,
else from a threaded Python client. Errors are socket errors, timeouts and any response that
is not 200 or 304.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import PROJECT_ROOT, kill_group, log, machine_notes, table, workdir  # noqa: E402

WRK = Path("/usr/bin/wrk")
STATIC_SERVER = Path(__file__).resolve().parent / "static_server.py"
LUA = """
paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 304 then bad = (bad or 0) + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f\\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass(frozen=True)
class Load:
    requests: int
    errors: int
    #: of which: refused, reset or timed-out connections (the rest are bad statuses)
    socket_errors: int
    p50_ms: float
    p99_ms: float
    seconds: float
    client: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds} s") from None
            time.sleep(0.2)


def start(
    command: list[str], log_file: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    with log_file.open("wb") as output:
        return subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    kill_group(process.pid)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        log(f"warning: process {process.pid} did not exit")


@contextmanager
def static_site(folder: Path, path: str = "/", env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``folder`` with ``static_server.py`` on a free port; yields the address of ``path``."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(STATIC_SERVER), str(port), str(folder)],
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_until_up(url, 30)
        yield url
    finally:
        stop(server)


def load_wrk(host: str, paths: list[str], connections: int, duration: int, scratch: Path) -> Load:
    listing = scratch / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = scratch / "walk.lua"
    script.write_text(LUA % listing)
    result = subprocess.run(
        [
            str(WRK),
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            host,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    line = next((row for row in result.stdout.splitlines() if row.startswith("RESULT")), "")
    if not line:
        raise RuntimeError(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    _, requests, socket_errors, status_errors, p50, p99 = line.split()
    return Load(
        int(requests),
        int(socket_errors) + int(status_errors),
        int(socket_errors),
        float(p50),
        float(p99),
        float(duration),
        f"wrk -t2 -c{connections} -d{duration}s",
    )


def load_python(host: str, paths: list[str], connections: int, duration: int) -> Load:
    """A bounded threaded client with keep-alive connections: the fallback without wrk."""
    latencies: list[float] = []
    errors = [0, 0]  # all errors, of which socket errors
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    address = host.removeprefix("http://")

    def client(offset: int) -> None:
        connection = HTTPConnection(address, timeout=10)
        index = offset
        while time.monotonic() < stop_at:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 304)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = HTTPConnection(address, timeout=10)
            except OSError:
                ok = False
                with lock:
                    errors[1] += 1
                connection.close()
                connection = HTTPConnection(address, timeout=10)
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += not ok

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 30)
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99) - 1] if ordered else 0.0
    return Load(
        len(latencies),
        errors[0],
        errors[1],
        statistics.median(ordered or [0]),
        p99,
        float(duration),
        f"Python client, {connections} threads, {duration} s",
    )


def course_paths(prefix: str = "/") -> list[str]:
    """Every chapter and lesson page of the course, plus the home page and a search."""
    from courseware.course.loader import load_index

    index = load_index(PROJECT_ROOT / "lessons")
    paths = [prefix]
    for chapter in index.default.chapters:
        paths.append(prefix + chapter.path)
        paths.extend(prefix + lesson.path for lesson in chapter.lessons)
    return paths


def apply_load(args: argparse.Namespace, host: str, paths: list[str], scratch: Path) -> Load:
    if WRK.exists() and args.client != "python":
        return load_wrk(host, paths, args.connections, args.duration, scratch)
    return load_python(host, paths, args.connections, args.duration)


def while_running(
    action: Callable[[threading.Event], int],
) -> tuple[threading.Thread, list[int], threading.Event]:
    """Run ``action`` in a thread until the returned event is set; it reports its count."""
    done = threading.Event()
    count: list[int] = []
    thread = threading.Thread(target=lambda: count.append(action(done)))
    thread.start()
    return thread, count, done


def edit_repeatedly(
    lesson: Path, done: threading.Event, pause: float, after: Callable[[], None] | None
) -> int:
    """Save a lesson again and again the way editors do (a new file renamed over the old)."""
    original = lesson.read_text(encoding="utf-8")
    edits = 0
    try:
        while not done.is_set():
            edits += 1
            temporary = lesson.with_name(f".{lesson.name}.saving")
            temporary.write_text(
                original + f"\n\nEdit number {edits} under load.\n", encoding="utf-8"
            )
            os.replace(temporary, lesson)
            if after:
                after()
            done.wait(pause)
    finally:
        lesson.write_text(original, encoding="utf-8")
    return edits


def scenario_production(args: argparse.Namespace, scratch: Path, paths: list[str]) -> list[object]:
    port = free_port()
    server = start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--preload",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "600",
            "courseware:create_app()",
        ],
        scratch / "gunicorn.log",
        {"FLASK_COURSEWARE_CACHE_DIR": str(scratch / "cache")},
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", args.start_timeout)
        result = apply_load(args, f"http://127.0.0.1:{port}", paths, scratch)
    finally:
        stop(server)
    return ["production (gunicorn --preload -w 2)", "none", result]


def scenario_preview(args: argparse.Namespace, scratch: Path, paths: list[str]) -> list[object]:
    lessons = scratch / "lessons"
    shutil.copytree(PROJECT_ROOT / "lessons", lessons)
    port = free_port()
    server = start(
        [sys.executable, "build.py", "--lessons", str(lessons), "serve", "--port", str(port)],
        scratch / "preview.log",
        {"FLASK_COURSEWARE_CACHE_DIR": str(scratch / "cache")},
    )
    lesson = sorted(lessons.glob("03-*/04-*.md"))[0]
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", args.start_timeout)
        thread, count, done = while_running(lambda event: edit_repeatedly(lesson, event, 0.5, None))
        try:
            result = apply_load(args, f"http://127.0.0.1:{port}", paths, scratch)
        finally:
            done.set()
            thread.join(30)
    finally:
        stop(server)
    return ["preview (build.py serve)", f"{count[0] if count else 0} saves of a lesson", result]


def scenario_rebuild(args: argparse.Namespace, scratch: Path, paths: list[str]) -> list[object]:
    lessons = scratch / "lessons-static"
    shutil.copytree(PROJECT_ROOT / "lessons", lessons)
    root = scratch / "www"
    root.mkdir()
    site = root / "site"
    env = {**os.environ, "FLASK_COURSEWARE_CACHE_DIR": str(scratch / "cache-static")}
    build = [sys.executable, "build.py", "--lessons", str(lessons), "--output", str(site)]
    subprocess.run(build, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, timeout=600)
    port = free_port()
    server = start([sys.executable, str(STATIC_SERVER), str(port), str(site)], scratch / "http.log")
    lesson = sorted(lessons.glob("03-*/04-*.md"))[0]
    builds: list[int] = []

    def rebuild() -> None:
        subprocess.run(
            build, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, timeout=600
        )
        builds.append(1)

    try:
        wait_until_up(f"http://127.0.0.1:{port}/", args.start_timeout)
        thread, _, done = while_running(lambda event: edit_repeatedly(lesson, event, 0.1, rebuild))
        try:
            result = apply_load(args, f"http://127.0.0.1:{port}", paths, scratch)
        finally:
            done.set()
            thread.join(600)
    finally:
        stop(server)
    return ["static site (http.server, keep-alive)", f"{len(builds)} rebuilds of site/", result]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--connections", type=int, default=50, help="concurrent clients (default 50)"
    )
    parser.add_argument(
        "--duration", type=int, default=30, help="seconds per scenario (default 30)"
    )
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--start-timeout", type=float, default=300)
    parser.add_argument("--only", choices=["production", "preview", "rebuild"], action="append")
    parser.add_argument("--workdir", type=Path, help="keep logs and caches here")
    args = parser.parse_args()
    scenarios = {
        "production": scenario_production,
        "preview": scenario_preview,
        "rebuild": scenario_rebuild,
    }
    chosen = args.only or list(scenarios)
    paths = course_paths()
    rows = []
    with workdir(args.workdir, "bench-load-") as scratch:
        for name in chosen:
            log(f"load: {name} ...")
            folder = scratch / name
            folder.mkdir()
            label, meanwhile, result = scenarios[name](args, folder, paths)
            rows.append(
                [
                    label,
                    meanwhile,
                    result.requests,
                    f"{result.rate:.0f}",
                    f"{result.errors} ({result.socket_errors} socket)",
                    f"{result.p50_ms:.1f}",
                    f"{result.p99_ms:.1f}",
                ]
            )
            client = result.client
    print(f"## Load test: {args.connections} concurrent clients, {args.duration} s per scenario\n")
    print(machine_notes())
    print(f"\nClient: {client}; every page of the course ({len(paths)} URLs) in turn.\n")
    print(
        table(
            [
                "server",
                "meanwhile",
                "requests",
                "requests/s",
                "errors (of which socket)",
                "p50 ms",
                "p99 ms",
            ],
            rows,
        )
    )
    failed = sum(int(row[4].split()[0]) for row in rows)
    print(f"\n{'No errors.' if not failed else f'{failed} errors.'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
