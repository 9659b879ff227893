"""The answer to "Prove that a rejected note is not stored": one more test for testable_app.py.

pytest runs it with the fixtures of ``examples/conftest.py``, like the tests it joins.
"""


# --8<-- [start:test]
def test_blank_note_is_not_stored(client):
    response = client.post("/notes", data={"text": "   "})
    assert response.status_code == 400
    assert client.get("/api/notes").json["count"] == 0


# --8<-- [end:test]
