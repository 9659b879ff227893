"""Requests per second of a lesson page on the live server, against a hello-world Flask app.

``python benchmarks/throughput.py [--lessons 1000]`` serves the corpus with gunicorn as the
README says to run it in production (``--preload -w 2 --threads 1``; a fresh render cache) and
then ``hello_app.py`` with the same settings,
loads each with ``wrk -t2 -c16 -d10s`` (or, without /usr/bin/wrk, a threaded Python client),
and reports requests per second, their ratio, start-up time and the servers' memory.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from corpus import add_corpus_arguments, corpus_for
from harness import (
    PROJECT_ROOT,
    SNAPSHOT_HELP,
    CommandFailed,
    code_fingerprint,
    code_note,
    fail,
    human,
    kill_group,
    log,
    machine_notes,
    page_path,
    run,
    snapshot_code,
    table,
    workdir,
)

WRK = Path("/usr/bin/wrk")
BENCHMARKS = Path(__file__).resolve().parent
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
#: Logged by the gunicorn hook below once a worker has loaded the app.
READY = "benchmark: worker ready"
GUNICORN_CONFIG = f"""\
import sys


def post_worker_init(worker):
    module = sys.modules.get("courseware")
    where = getattr(module, "__file__", None) or "-"
    worker.log.info("{READY} (pid %s, courseware from %s)", worker.pid, where)
"""
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass(frozen=True)
class Load:
    """The outcome of loading one URL."""

    client: str
    rps: float
    requests: int
    errors: int  #: non-2xx/3xx responses and socket errors
    latency_ms: float  #: mean
    p99_ms: float | None


@dataclass(frozen=True)
class Memory:
    processes: int
    peak_kib: int  #: sum of VmHWM (each process's own peak; shared pages count in each)
    largest_kib: int  #: the largest single process's VmHWM: one server process's peak RSS
    pss_kib: int | None  #: proportional set size now, shared pages split fairly


@dataclass(frozen=True)
class Served:
    name: str
    url: str
    startup_s: float
    load: Load
    memory: Memory
    page_bytes: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(
    url: str, process: subprocess.Popen[bytes], logfile: Path, workers: int, timeout: float
) -> float:
    """Poll until every worker has loaded the app and ``url`` answers 200; return the seconds."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{_tail(logfile)}")
        text = logfile.read_text(errors="replace")
        if "WORKER TIMEOUT" in text:
            raise RuntimeError(
                "gunicorn killed a worker that took longer than its timeout (30 s by default) to "
                "start; loading the course is too slow for it. Pass --gunicorn-arg=--timeout=300 "
                f"to measure anyway.\n{_tail(logfile)}"
            )
        if text.count(READY) >= workers:
            try:
                status, _ = _get(url, timeout=5)
            except OSError:
                status = 0
            if status == 200:
                return time.perf_counter() - started
            if status:
                raise RuntimeError(f"{url} answered {status}; expected 200:\n{_tail(logfile)}")
        time.sleep(0.2)
    raise RuntimeError(f"{url} was not ready after {timeout:.0f} s:\n{_tail(logfile)}")


def _tail(logfile: Path, lines: int = 20) -> str:
    text = logfile.read_text(errors="replace") if logfile.exists() else ""
    return "\n".join(text.strip().splitlines()[-lines:])


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def memory(master: int) -> Memory:
    """Peak and current memory of the gunicorn master and its workers, from /proc."""
    pids = [master, *_children(master)]
    peak, largest, pss, have_pss = 0, 0, 0, True
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        own = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)[1])  # type: ignore[index]
        peak += own
        largest = max(largest, own)
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            pss += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)[1])  # type: ignore[index]
        except (OSError, TypeError):
            have_pss = False
    return Memory(len(pids), peak, largest, pss if have_pss else None)


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(match[1]) * UNITS[match[2]] if match else float("nan")


def load_wrk(url: str, duration: int, threads: int, connections: int) -> Load:
    """Load ``url`` with wrk and read its summary."""
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    out = run(command, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    requests = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    errors = 0
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(found[1])
    if found := SOCKET_ERRORS.search(out):
        errors += sum(int(value) for value in found.groups())
    latency = re.search(r"Latency\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return Load(
        f"wrk -t{threads} -c{connections} -d{duration}s",
        rps,
        requests,
        errors,
        _milliseconds(latency[1]) if latency else float("nan"),
        _milliseconds(p99[1]) if p99 else None,
    )


def load_python(url: str, duration: int, connections: int) -> Load:
    """A threaded client, for machines without wrk; it is slower than wrk, so rps is a floor."""
    parts = urlsplit(url)
    deadline = time.perf_counter() + duration
    counts = [0] * connections
    errors = [0] * connections
    latencies: list[list[float]] = [[] for _ in range(connections)]

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", parts.path)
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()  # gunicorn's sync workers close every connection
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                connection.close()
                continue
            latencies[slot].append((time.perf_counter() - started) * 1000)
            if response.status < 400:
                counts[slot] += 1
            else:
                errors[slot] += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 30)
    elapsed = time.perf_counter() - started
    every = sorted(value for slot in latencies for value in slot)
    return Load(
        f"Python threads, {connections} connections, {duration} s",
        sum(counts) / elapsed,
        sum(counts),
        sum(errors),
        sum(every) / max(1, len(every)),
        every[int(len(every) * 0.99)] if every else None,
    )


def serve_and_load(
    name: str,
    app: str,
    chdir: Path,
    path: str,
    env: dict[str, str],
    args: argparse.Namespace,
    scratch: Path,
) -> Served:
    """Start gunicorn, wait until ``path`` answers, load it, read memory, stop the server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{path}"
    logfile = scratch / f"{name}.log"
    config = scratch / "gunicorn_ready.py"
    config.write_text(GUNICORN_CONFIG)
    command = [
        sys.executable, "-m", "gunicorn", "--preload", "-w", str(args.workers), "--threads", "1",
        "-b", f"127.0.0.1:{port}", "--chdir", str(chdir), "-c", str(config),
        *args.gunicorn_arg, app,
    ]  # fmt: skip
    log(f"{name}: starting {' '.join(command[2:])}")
    with logfile.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        startup = wait_ready(url, process, logfile, args.workers, args.start_timeout)
        log(f"{name}: ready after {startup:.1f} s; loading {url}")
        _, body = _get(url)
        for _ in range(20):  # warm up every worker before measuring
            _get(url)
        if args.client == "wrk":
            load = load_wrk(url, args.duration, args.threads, args.connections)
        else:
            load = load_python(url, args.duration, args.connections)
        log(f"{name}: {load.rps:.0f} requests/s ({load.errors} errors)")
        used = memory(process.pid)
        if "WORKER TIMEOUT" in logfile.read_text(errors="replace"):
            raise RuntimeError(
                f"{name}: gunicorn killed a worker during the load:\n{_tail(logfile)}"
            )
    finally:
        stop(process)
    return Served(name, url, startup, load, used, len(body))


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn gracefully, then make sure nothing of its process group is left."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    kill_group(process.pid)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        log(f"warning: gunicorn {process.pid} did not exit")


def report(lessons: int, served: list[Served], code: str, root: Path) -> str:
    ours, hello = served
    rows = [
        [
            s.name,
            urlsplit(s.url).path,
            human(s.page_bytes),
            round(s.load.rps),
            s.load.errors,
            s.load.latency_ms,
            "?" if s.load.p99_ms is None else f"{s.load.p99_ms:.1f}",
            s.startup_s,
            f"{s.memory.largest_kib / 1024:.0f} MiB",
            f"{s.memory.peak_kib / 1024:.0f} MiB ({s.memory.processes} processes)",
            "?" if s.memory.pss_kib is None else f"{s.memory.pss_kib / 1024:.0f} MiB",
        ]
        for s in served
    ]
    return "\n\n".join(
        [
            f"## Live server throughput, {lessons} lessons",
            machine_notes(),
            code_note(code, root),
            f"Client: {ours.load.client}. "
            "Servers: gunicorn --preload -w 2 --threads 1 (sync workers).",
            table(
                [
                    "app",
                    "URL",
                    "page",
                    "requests/s",
                    "errors",
                    "mean ms",
                    "p99 ms",
                    "start-up s",
                    "peak RSS, largest process",
                    "peak RSS (sum of VmHWM)",
                    "PSS now",
                ],
                rows,
            ),  # fmt: skip
            f"Lesson page / hello world: **{ours.load.rps / hello.load.rps:.3f}** "
            f"({ours.load.rps:.0f} vs {hello.load.rps:.0f} requests/s).",
            "Start-up is the time from starting gunicorn until the page answers; for the "
            "course it includes loading and rendering every lesson with a cold render cache, "
            "once, in the master process (--preload), before the workers are forked.",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--workdir", type=Path, help="keep the render cache and logs here")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="default 16")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--start-timeout", type=float, default=600, help="seconds to wait")
    parser.add_argument("--snapshot", action="store_true", help=SNAPSHOT_HELP)
    parser.add_argument(
        "--gunicorn-arg",
        action="append",
        default=[],
        help="extra gunicorn option, e.g. --gunicorn-arg=--timeout=120 (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.client == "auto":
        args.client = "wrk" if WRK.exists() else "python"
    corpus = corpus_for(args)
    files = corpus.lesson_files()
    lesson = "/" + page_path(files[len(files) // 2])
    with workdir(args.workdir, "bench-serve-") as scratch:
        root = snapshot_code(scratch / "code") if args.snapshot else PROJECT_ROOT
        code = code_fingerprint(root)
        cache = scratch / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = {
            **os.environ,
            "FLASK_COURSEWARE_LESSONS_DIR": str(corpus.lessons_dir),
            "FLASK_COURSEWARE_CACHE_DIR": str(cache),
        }
        try:
            ours = serve_and_load(
                "courseware", "courseware:create_app()", root, lesson, env, args, scratch
            )
            hello_env = dict(os.environ)
            hello = serve_and_load(
                "hello", "hello_app:create_app()", BENCHMARKS, "/", hello_env, args, scratch
            )
        except (CommandFailed, RuntimeError) as exc:
            raise fail(exc) from None
        served = [ours, hello]
        print(report(args.lessons, served, code, root))


if __name__ == "__main__":
    main()
