"""Tests for cli_demo.py, as the Flask CLI lesson writes them.

Run them from the repository root with:
    pytest lessons/04-extensions/examples/test_cli_demo.py
"""

# --8<-- [start:test]
from cli_demo import create_app


def test_greet_shout_flag_uses_capitals(tmp_path):
    app = create_app({"GUESTS_FILE": tmp_path / "guests.json"})
    result = app.test_cli_runner().invoke(args=["greet", "Ada", "--shout"])
    assert result.exit_code == 0
    assert result.output == "HELLO, ADA!\n"


# --8<-- [end:test]


def test_seed_then_count_see_the_same_file(tmp_path):
    app = create_app({"GUESTS_FILE": tmp_path / "guests.json"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "--count", "2"]).output == "Added 2 guest(s).\n"
    assert runner.invoke(args=["count"]).output.endswith("has 2 guest(s).\n")
