"""A small app for exploring the development server's options."""

from flask import Flask, request

app = Flask(__name__)


# --8<-- [start:routes]
@app.route("/")
def index() -> str:
    mode = "on" if app.debug else "off"
    return f"Hello from the development server. Debug mode is {mode}."


@app.route("/whoami")
def whoami() -> dict[str, str | None]:
    # request.host is the address the browser asked for;
    # request.remote_addr is the address the request came from.
    return {"host": request.host, "remote_addr": request.remote_addr}


# --8<-- [end:routes]


# --8<-- [start:main]
if __name__ == "__main__":
    # Only runs with `python devserver.py`, never when `flask run` imports this file.
    app.run(host="127.0.0.1", port=8000, debug=True)
# --8<-- [end:main]
