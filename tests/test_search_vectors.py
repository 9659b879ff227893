"""Search in Python and in the browser agree: both are held against one file of vectors.

``tests/search/vectors.json`` lists texts with the tokens they give (folding, stop words,
stemming, per language) and queries with the results they rank over a small two-language
course built here. The Python search is checked here; ``tests/search/search_vectors.mjs``
checks ``static/js/search.js`` against the same file in node, over the same built site.
Regenerate the file with ``COURSEWARE_WRITE_SEARCH_VECTORS=1`` after a deliberate change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courseware.build.freeze import build_site, site_app
from courseware.config import PROJECT_ROOT
from courseware.course.search import SearchIndex, fold, tokens

VECTORS = Path(__file__).parent / "search" / "vectors.json"
NODE_SCRIPT = Path(__file__).parent / "search" / "search_vectors.mjs"

TEXTS = [
    ("en", "Routing requests to view functions"),
    ("en", "The application factory creates apps; testing them is easy."),
    ("en", "Cookies, sessions and the SECRET_KEY setting"),
    ("en", "Ünïcödé café naïve résumé"),
    ("en", "flask_sqlalchemy db.session.commit() classes classes' glasses"),
    ("en", "It's what they'd studied: libraries, copies, passes"),
    ("es", "Las plantillas y los formularios de la aplicación"),
    ("es", "¿Qué es una petición HTTP? Respuestas y rutas"),
]
QUERIES = [
    ("en", "hello"),
    ("en", "deep"),
    ("en", "templ"),
    ("en", "routing blueprints"),
    ("en", "session cookie"),
    ("en", "nothing-matches-this"),
    ("es", "hola"),
    ("es", "saludo"),
    ("es", "plantilla"),
]
EXTRA = {
    "01-basics/03-routes.md": (
        "---\ntitle: Routes and blueprints\n---\n\n## Routing\n\nRouting maps URLs to views; "
        "blueprints group routes.\n\n## Templates\n\nTemplates render pages with Jinja.\n"
    ),
    "02-advanced/02-state.md": (
        "---\ntitle: State\n---\n\n## Sessions\n\nA session keeps data in a signed cookie.\n\n"
        "## Cookies\n\nCookies travel with every request; the session cookie is one.\n"
    ),
    "_translations/es/01-basics/03-routes.md": (
        "---\ntitle: Rutas\n---\n\n## Rutas\n\nLas rutas llevan a las vistas.\n\n"
        "## Plantillas\n\nUna plantilla de Jinja da la página.\n"
    ),
}


@pytest.fixture
def search_site(write: Callable, lessons_dir: Path, tmp_path: Path) -> Path:
    write("course.yml", "title: Search\nlanguages:\n  en: English\n  es: Español\n")
    write("_translations/es/01-basics/01-hello.md", "---\ntitle: Hola\n---\n\n## Saludo\n\nHola.\n")
    for relpath, text in EXTRA.items():
        write(relpath, text)
    output = tmp_path / "site"
    build_site(output, project_root=PROJECT_ROOT, lessons_dir=lessons_dir)
    return output


def _python_vectors(lessons_dir: Path) -> dict:
    app = site_app(lessons_dir)
    content = app.extensions["courseware"]
    queries = []
    for lang, query in QUERIES:
        results = content.search(lang).query(query)
        shown = [
            [
                result.path,
                result.anchor,
                result.section_title,
                "".join(f"[{text}]" if hit else text for text, hit in result.snippet),
            ]
            for result in results
        ]
        queries.append({"lang": lang, "query": query, "results": shown})
    # A query's terms: its tokens once each (indexing counts repeats; queries do not).
    texts = [
        {"lang": lang, "text": text, "terms": list(dict.fromkeys(tokens(text, lang)))}
        for lang, text in TEXTS
    ]
    return {"tokens": texts, "queries": queries}


def test_python_search_gives_the_golden_tokens_and_results(
    search_site: Path, lessons_dir: Path
) -> None:
    found = _python_vectors(lessons_dir)
    if os.environ.get("COURSEWARE_WRITE_SEARCH_VECTORS"):
        VECTORS.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    golden = json.loads(VECTORS.read_text())
    assert found == golden
    assert any(query["results"] for query in golden["queries"])  # the vectors say something


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the browser's search.js")
def test_browser_search_gives_the_same_tokens_and_results(search_site: Path) -> None:
    result = subprocess.run(
        ["node", str(NODE_SCRIPT), str(VECTORS), str(search_site)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(" passed, 0 failed")


def test_the_search_index_of_a_language_is_its_own(lessons_dir: Path, search_site: Path) -> None:
    index = SearchIndex.build(site_app(lessons_dir).extensions["courseware"].index.editions["es"])
    assert index.lang == "es" and all(lesson["u"].startswith("es/") for lesson in index.lessons)


def test_a_table_reads_as_rows_that_name_their_columns(tmp_path: Path) -> None:
    """Snippets from tables are sentences, not cells run together with separators."""
    from xml.etree import ElementTree

    from courseware.course.rendering.links import _table_text

    table = ElementTree.fromstring(
        "<table><thead><tr><th>Setting</th><th>Default</th><th>In production</th></tr></thead>"
        "<tbody><tr><td><code>SECRET_KEY</code></td><td>None</td><td>a long random string</td>"
        "</tr><tr><td>DEBUG</td><td>False</td><td></td></tr></tbody></table>"
    )
    assert _table_text(table).strip() == (
        "Setting, Default, In production. SECRET_KEY — Default: None; In production: a long "
        "random string. DEBUG — Default: False."
    )


@given(st.text(max_size=40))
def test_folding_by_runs_is_folding_character_by_character(text: str) -> None:
    """fold() lowers ASCII in one pass and folds only the runs of other characters; it must
    give what folding each character on its own gives (what search.js mirrors)."""
    expected = "".join(
        char.lower()
        if char.isascii()
        else (base if (base := unicodedata.normalize("NFKD", char)[:1]).isascii() else char).lower()
        for char in text
    )
    assert fold(text) == expected
