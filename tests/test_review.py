"""The review page: no question of its own; review.js takes the due ones from their lessons."""

from __future__ import annotations

from flask.testing import FlaskClient

from courseware.course.reads import Read, recording


def reads_of(client: FlaskClient, url: str) -> set[Read]:
    with recording() as found:
        assert client.get(url).status_code == 200
    return found


def lessons_read(reads: set[Read]) -> set[tuple[str, str]]:
    """(lesson address, attribute) of every lesson attribute a page read."""
    return {(read[1][1], read[2]) for read in reads if read[0] == "attr" and read[1][0] == "lesson"}


def test_the_review_page_holds_no_question_and_says_where_the_lessons_are(
    client: FlaskClient,
) -> None:
    page = client.get("/review/").get_data(as_text=True)
    assert "quiz-question" not in page and "<template" not in page
    assert '<section class="review" aria-labelledby="review-today" data-lessons="/">' in page
    assert "js/borrow.js" in page and "js/review.js" in page and "js/quiz.js" in page
    assert 'class="review-nojs"' in page, "without JavaScript the page says what it needs"
    assert "<script>" not in page and "style=" not in page


def test_the_review_page_reads_no_lesson_so_no_edit_renders_it_again(
    client: FlaskClient,
) -> None:
    assert lessons_read(reads_of(client, "/review/")) == set()


def test_the_home_page_links_to_the_review(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<a class="button button-secondary review-link" href="/review/">' in page
