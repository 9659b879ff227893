"""Runs a learner's Flask example inside Pyodide, in the browser's playground worker.

The worker writes the example's files, imports it, finds its app and sends requests through
Flask's test client; a response comes back as status, headers and body. Nothing here talks to
a network: requests never leave this Python.
"""

import ast
import base64
import contextlib
import hashlib
import hmac
import importlib
import io
import json
import os
import runpy
import shlex
import sys
import tempfile
import traceback

BASE = "/home/pyodide/examples" if sys.platform == "emscripten" else tempfile.mkdtemp()
state = {"key": None, "app": None, "client": None, "module": None, "folder": None, "runs": 0}


def _pbkdf2_hmac(name, password, salt, iterations, dklen=None):
    """PBKDF2 in Python: Pyodide's hashlib has no OpenSSL, so Werkzeug's hashes need this."""
    digest_size = hashlib.new(name).digest_size
    dklen = dklen or digest_size
    blocks = []
    for index in range(1, -(-dklen // digest_size) + 1):
        block = last = hmac.new(password, salt + index.to_bytes(4, "big"), name).digest()
        for _ in range(iterations - 1):
            last = hmac.new(password, last, name).digest()
            block = bytes(a ^ b for a, b in zip(block, last, strict=True))
        blocks.append(block)
    return b"".join(blocks)[:dklen]


def _prepare():
    """Adapt what the browser lacks, once: password hashing without OpenSSL."""
    if not hasattr(hashlib, "pbkdf2_hmac"):
        hashlib.pbkdf2_hmac = _pbkdf2_hmac
    if hasattr(hashlib, "scrypt"):
        return  # a full Python (not the browser): nothing to adapt
    try:
        import werkzeug.security as security
    except ImportError:
        return
    # scrypt needs OpenSSL, and a million PBKDF2 rounds take minutes in the browser: the
    # playground hashes with fewer rounds (a real server keeps Werkzeug's defaults).
    security.generate_password_hash.__defaults__ = ("pbkdf2:sha256:2000", 16)


def _forget_examples():
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(BASE):
            del sys.modules[name]
    sys.path[:] = [entry for entry in sys.path if not entry.startswith(BASE)]


def _write(files):
    state["runs"] += 1
    folder = f"{BASE}/run{state['runs']}"
    for name, text in files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return folder


def _learner_traceback(error):
    """The traceback from the learner's files only, with their own file names."""
    folder = state["folder"] or BASE
    frames = traceback.extract_tb(error.__traceback__)
    kept = [frame for frame in frames if frame.filename.startswith(folder)] or frames[-1:]
    for frame in kept:
        frame.filename = os.path.relpath(frame.filename, folder)
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(kept)]
    lines.extend(traceback.format_exception_only(type(error), error))
    return "".join(lines)


def _find_app(module):
    from flask import Flask

    for name in ("app", "application"):
        found = getattr(module, name, None)
        if isinstance(found, Flask):
            return found
    factory = getattr(module, "create_app", None)
    if callable(factory):
        return factory()
    for value in vars(module).values():
        if isinstance(value, Flask):
            return value
    for name in ("application", "app"):
        found = getattr(module, name, None)
        if callable(found):
            return found  # a plain WSGI application
    return None


def load(unit, module_name, files):
    """Import the example afresh when its files changed; returns a description or an error."""
    key = hashlib.sha256(json.dumps([unit, files], sort_keys=True).encode()).hexdigest()
    if key == state["key"] and state["app"] is not None:
        return {"ok": True, "reused": True, "kind": state["kind"]}
    _forget_examples()
    folder = state["folder"] = _write(files)
    sys.path.insert(0, folder)
    output = io.StringIO()
    state.update(key=None, app=None, client=None, kind=None)
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            module = importlib.import_module(module_name)
            app = _find_app(module)
    except BaseException as error:  # noqa: BLE001 - every error is the learner's to read
        return {"ok": False, "traceback": _learner_traceback(error), "stdout": output.getvalue()}
    from flask import Flask
    from werkzeug.test import Client

    if isinstance(app, Flask):
        app.config["PROPAGATE_EXCEPTIONS"] = True
        client, kind = app.test_client(), "flask"
    elif app is not None:
        client, kind = Client(app), "wsgi"
    else:
        client, kind = None, "script"
    state.update(key=key, app=app, client=client, module=module, kind=kind)
    return {"ok": True, "reused": False, "kind": kind, "stdout": output.getvalue()}


def run_script(unit, module_name, files):
    """Run an example that is no web app, as ``python file.py`` would, and show its output."""
    _forget_examples()
    folder = state["folder"] = _write(files)
    sys.path.insert(0, folder)
    path = os.path.join(folder, module_name + ".py")
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            runpy.run_path(path, run_name="__main__")
    except SystemExit:
        pass
    except BaseException as error:  # noqa: BLE001
        return {"ok": False, "traceback": _learner_traceback(error), "stdout": output.getvalue()}
    state["key"] = None
    return {"ok": True, "stdout": output.getvalue()}


def default_path():
    """Where a first request goes: ``/`` if the app answers there, else its first page."""
    app = state["app"]
    rules = getattr(getattr(app, "url_map", None), "iter_rules", None)
    if rules is None:
        return "/"
    paths = sorted(
        rule.rule
        for rule in rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static"
    )
    return "/" if "/" in paths or not paths else paths[0]


def request(method, path, form=None, json_body=None, follow=False):
    """Send one request to the loaded app through its test client.

    ``follow`` follows redirects as a browser does (for links and forms in a shown page).
    """
    client = state["client"]
    path = path or default_path()
    options = {"method": method, "follow_redirects": bool(follow)}
    if form is not None:
        options["data"] = {name: value for name, value in form}
    elif json_body is not None:
        options["json"] = json.loads(json_body) if isinstance(json_body, str) else json_body
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            response = client.open(path, **options)
            data = response.get_data()
    except BaseException as error:  # noqa: BLE001
        return {
            "ok": False,
            "status": 500,
            "traceback": _learner_traceback(error),
            "stdout": output.getvalue(),
        }
    content_type = response.headers.get("Content-Type", "")
    try:
        body, encoding = data.decode(response.mimetype_params.get("charset", "utf-8")), "text"
    except (UnicodeDecodeError, LookupError):
        body, encoding = base64.b64encode(data).decode(), "base64"
    return {
        "ok": True,
        "path": response.request.path
        + ("?" + response.request.query_string.decode() if response.request.query_string else ""),
        "redirects": [
            [item.status_code, item.headers.get("Location", "")] for item in response.history
        ],
        "status": response.status_code,
        "statusText": response.status,
        "headers": [[name, value] for name, value in response.headers.items()],
        "contentType": content_type,
        "body": body,
        "encoding": encoding,
        "stdout": output.getvalue(),
    }


def command(line):
    """Run a ``flask`` command of the app (``greet Ada``) through its CLI test runner."""
    app = state["app"]
    try:
        from flask.cli import FlaskGroup

        # Flask's own commands (routes, shell...) with the app's, as `flask --app` offers them
        group = FlaskGroup(create_app=lambda: app, add_version_option=False, load_dotenv=False)
        result = app.test_cli_runner().invoke(group, args=shlex.split(line))
    except BaseException as error:  # noqa: BLE001
        return {"ok": False, "traceback": _learner_traceback(error)}
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        traceback = _learner_traceback(result.exception)
        return {"ok": False, "traceback": traceback, "stdout": result.output}
    return {"ok": True, "stdout": result.output, "exitCode": result.exit_code}


def check(code):
    """Run an exercise's checks; each ``assert`` is reported as passed or failed."""
    app = state["app"]
    if hasattr(app, "test_client"):
        client = app.test_client()
    else:  # a plain WSGI application: Werkzeug's client speaks to any
        from werkzeug.test import Client

        client = Client(app) if app is not None else None
    names = {"app": app, "client": client}
    results = []
    tree = ast.parse(code)
    for statement in tree.body:
        source = ast.get_source_segment(code, statement) or ""
        try:
            if isinstance(statement, ast.Assert):
                passed = eval(compile(ast.Expression(statement.test), "check", "eval"), names)  # noqa: S307
                message = ""
                if statement.msg is not None:
                    text = compile(ast.Expression(statement.msg), "check", "eval")
                    message = str(eval(text, names))  # noqa: S307
                results.append({"passed": bool(passed), "message": message or source})
            else:
                exec(compile(ast.Module([statement], []), "check", "exec"), names)  # noqa: S102
        except BaseException as error:  # noqa: BLE001
            results.append(
                {
                    "passed": False,
                    "message": f"{type(error).__name__}: {error}",
                    "traceback": _learner_traceback(error),
                }
            )
            break
    return {"ok": True, "results": results}


_prepare()
