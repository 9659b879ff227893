"""The test half of "Add and test a count-notes command".

pytest runs it against the solution's app, which ``conftest.py`` beside it provides.
"""


# --8<-- [start:test]
def test_count_notes_command_reports_the_number_of_notes(client, runner):
    client.post("/notes", data={"text": "One"})
    client.post("/notes", data={"text": "Two"})
    result = runner.invoke(args=["count-notes"])
    assert result.exit_code == 0
    assert result.output == "There are 2 note(s).\n"


# --8<-- [end:test]
