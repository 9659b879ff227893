"""English-like prose about web development, generated from a seeded :class:`random.Random`.

Pure functions of the generator they are given: the same seed always gives the same text.
The vocabulary is the course's own (Flask, requests, templates, tests), so word lengths,
inline code and emphasis look like a real lesson to Markdown, Pygments and search.
"""

from __future__ import annotations

import random
import re
import unicodedata

#: (singular, plural) nouns the prose and the titles talk about.
NOUNS = [
    ("request", "requests"),
    ("response", "responses"),
    ("route", "routes"),
    ("view function", "view functions"),
    ("template", "templates"),
    ("blueprint", "blueprints"),
    ("form", "forms"),
    ("session", "sessions"),
    ("cookie", "cookies"),
    ("database table", "database tables"),
    ("model", "models"),
    ("query", "queries"),
    ("test", "tests"),
    ("fixture", "fixtures"),
    ("configuration value", "configuration values"),
    ("static file", "static files"),
    ("error handler", "error handlers"),
    ("extension", "extensions"),
    ("command", "commands"),
    ("header", "headers"),
    ("status code", "status codes"),
    ("URL rule", "URL rules"),
    ("migration", "migrations"),
    ("password hash", "password hashes"),
    ("user account", "user accounts"),
    ("JSON payload", "JSON payloads"),
    ("environment variable", "environment variables"),
    ("log message", "log messages"),
    ("background job", "background jobs"),
    ("deployment", "deployments"),
]
#: (base form, third person) verbs.
VERBS = [
    ("read", "reads"),
    ("return", "returns"),
    ("store", "stores"),
    ("render", "renders"),
    ("check", "checks"),
    ("validate", "validates"),
    ("build", "builds"),
    ("register", "registers"),
    ("pass", "passes"),
    ("keep", "keeps"),
    ("send", "sends"),
    ("receive", "receives"),
    ("handle", "handles"),
    ("describe", "describes"),
    ("load", "loads"),
    ("change", "changes"),
    ("need", "needs"),
    ("call", "calls"),
    ("create", "creates"),
    ("update", "updates"),
    ("reject", "rejects"),
    ("cache", "caches"),
    ("log", "logs"),
    ("hide", "hides"),
    ("compare", "compares"),
]
SUBJECTS = [
    "the view function",
    "a blueprint",
    "the application factory",
    "the request object",
    "each template",
    "the test client",
    "the database session",
    "every route",
    "the developer",
    "your app",
    "the browser",
    "the server",
    "a WSGI server",
    "the model",
    "the controller",
    "Jinja",
    "Flask",
    "Werkzeug",
    "the configuration",
    "a careful reviewer",
    "the login manager",
    "the form class",
    "the error handler",
    "the command line",
]
ADJECTIVES = [
    "small",
    "explicit",
    "predictable",
    "fragile",
    "slow",
    "readable",
    "testable",
    "safe",
    "surprising",
    "useful",
    "reusable",
    "stateless",
    "convenient",
    "common",
    "important",
]
CLAUSES = [
    "when a request arrives",
    "before the response is sent",
    "so that the tests stay fast",
    "without touching the database",
    "in the development server",
    "as soon as the user submits the form",
    "once the application has started",
    "for every page it serves",
    "even when nothing has changed",
    "while the server keeps running",
    "after the user has logged in",
    "in production as well as on your laptop",
    "inside the application context",
    "before anything is written to disk",
    "at the end of each request",
]
OPENERS = [
    "In practice,",
    "Most of the time,",
    "As a rule,",
    "For example,",
    "By contrast,",
    "At this point,",
    "In other words,",
    "Under the hood,",
    "In a larger project,",
    "Usually,",
    "Sooner or later,",
    "On the other hand,",
]
CODE = [
    "`request.args`",
    "`url_for()`",
    "`render_template()`",
    "`app.config`",
    "`session`",
    "`g`",
    "`flask run`",
    "`@app.route`",
    "`abort(404)`",
    "`redirect()`",
    "`Blueprint`",
    "`jsonify()`",
    "`SECRET_KEY`",
    "`db.session.commit()`",
    "`pytest`",
    "`request.form`",
    "`create_app()`",
    "`flash()`",
    "`current_app`",
    "`login_required`",
]
GERUNDS = [
    "Registering",
    "Testing",
    "Validating",
    "Rendering",
    "Storing",
    "Reading",
    "Organising",
    "Protecting",
    "Debugging",
    "Naming",
    "Caching",
    "Deploying",
    "Logging",
    "Sharing",
    "Replacing",
]
HEADING_FORMS = [
    "{gerund} {plural}",
    "Why {plural} matter",
    "How {subject} {verb3} {plural}",
    "A closer look at {plural}",
    "When the {singular} goes wrong",
    "{gerund} the {singular}",
    "Common mistakes with {plural}",
    "What {subject} {verb3}",
    "Putting {plural} together",
    "{adjective} {plural}",
]
WORD = re.compile(r"\S+")


def sentence(rng: random.Random) -> str:
    """One sentence of 8 to 30 words, ending with a full stop or a question mark."""
    subject, subject2 = rng.sample(SUBJECTS, 2)
    (base, third), (_, third2) = rng.sample(VERBS, 2)
    (one, many), (one2, many2) = rng.sample(NOUNS, 2)
    object_ = rng.choice([f"the {one}", article(one), many, f"every {one}", f"its {many}"])
    object2 = rng.choice([f"the {many2}", f"each {one2}", many2])
    if rng.random() < 0.15:
        object_ = f"**{object_}**" if rng.random() < 0.5 else f"*{object_}*"
    form = rng.randrange(9)
    if form == 0:
        text = f"{rng.choice(OPENERS)} {subject} {third} {object_} {rng.choice(CLAUSES)}."
    elif form == 1:
        text = f"{subject} {third} {object_}, and {subject2} {third2} {object2}."
    elif form == 2:
        clause = rng.choice(CLAUSES)
        text = f"If {subject} {third} {object_}, {subject2} {third2} {object2} {clause}."
    elif form == 3:
        text = f"Use {rng.choice(CODE)} to {base} {object_} {rng.choice(CLAUSES)}."
    elif form == 4:
        adjective = rng.choice(ADJECTIVES)
        text = f"This keeps {object_} {adjective}, because {subject} {third2} {object2}."
    elif form == 5:
        text = f"Why does {subject} {base} {object_}? Because {subject2} {third2} {object2}."
    elif form == 6:
        text = f"{subject} never {third} {object_} directly; it asks {rng.choice(CODE)} instead."
    elif form == 7:
        text = (
            f"{rng.choice(OPENERS)} the {rng.choice(ADJECTIVES)} way is to {base} {object_} "
            f"with {rng.choice(CODE)} and let {subject2} deal with {object2}."
        )
    else:
        text = f"Notice that {subject} {third} {object_} only {rng.choice(CLAUSES)}."
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 7)) -> str:
    """A paragraph of several sentences, wrapped at 100 columns like our lessons."""
    text = " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))
    return wrap(text)


def article(noun: str) -> str:
    """``"a request"``, ``"an extension"``."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def wrap(text: str, width: int = 100, indent: str = "") -> str:
    """Break ``text`` into lines of at most ``width`` characters, never inside a word."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def heading(rng: random.Random) -> str:
    """A section title in plain words (no markup), so its anchor is easy to predict."""
    one, many = rng.choice(NOUNS)
    text = rng.choice(HEADING_FORMS).format(
        gerund=rng.choice(GERUNDS),
        singular=one,
        plural=many,
        subject=rng.choice(SUBJECTS),
        verb3=rng.choice(VERBS)[1],
        adjective=rng.choice(ADJECTIVES).capitalize(),
    )
    return text[0].upper() + text[1:]


def bullet_items(rng: random.Random) -> list[str]:
    """Three to six list items: terms with a definition, or short sentences."""
    items = []
    for _ in range(rng.randint(3, 6)):
        if rng.random() < 0.5:
            one, _ = rng.choice(NOUNS)
            items.append(f"**{one.capitalize()}**: {sentence(rng)}")
        else:
            items.append(sentence(rng))
    return items


def steps(rng: random.Random) -> list[str]:
    """Three to six imperative steps for a numbered list."""
    items = []
    for _ in range(rng.randint(3, 6)):
        base, _ = rng.choice(VERBS)
        one, _ = rng.choice(NOUNS)
        items.append(
            f"{base.capitalize()} the {one} with {rng.choice(CODE)} {rng.choice(CLAUSES)}."
        )
    return items


def title(rng: random.Random, topic: str) -> str:
    """A lesson title about ``topic``."""
    one, many = rng.choice(NOUNS)
    form = rng.choice(
        [
            "{gerund} {many} in {topic}",
            "{topic}: {many} step by step",
            "{topic} and the {one}",
            "Your first {one} with {topic}",
            "{topic} beyond the basics",
            "Why {topic} needs {many}",
            "{gerund} {many}",
        ]
    )
    text = form.format(gerund=rng.choice(GERUNDS), many=many, one=one, topic=topic)
    return text[0] + text[1:].replace(" The ", " the ")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, as the courseware names files and pages."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def anchor(text: str) -> str:
    """The ``id`` Python-Markdown's ``toc`` extension gives a heading with this plain text."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def count_words(text: str) -> int:
    return len(WORD.findall(text))
