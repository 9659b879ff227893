"""The planets app with a page listing every planet: all three parts change."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, render_template_string

app = Flask(__name__)


@dataclass(frozen=True)
class Planet:
    """The model: facts about one planet, and sums we can do with them."""

    name: str
    distance_au: float  # average distance from the Sun; Earth's is 1

    def light_minutes(self) -> float:
        """How many minutes sunlight takes to reach the planet."""
        return round(self.distance_au * 8.3167, 1)


PLANETS = {
    planet.name.lower(): planet
    for planet in [
        Planet("Mercury", 0.39),
        Planet("Venus", 0.72),
        Planet("Earth", 1.0),
        Planet("Mars", 1.52),
        Planet("Jupiter", 5.2),
        Planet("Saturn", 9.54),
        Planet("Uranus", 19.19),
        Planet("Neptune", 30.07),
    ]
}


def find_planet(name: str) -> Planet | None:
    """Look a planet up by name, ignoring upper and lower case."""
    return PLANETS.get(name.lower())


# --8<-- [start:model]
def all_planets() -> list[Planet]:
    """Every planet, in order from the Sun."""
    return list(PLANETS.values())


# --8<-- [end:model]


PLANET_PAGE = """\
<!doctype html>
<title>{{ planet.name }}</title>
<h1>{{ planet.name }}</h1>
<p>{{ planet.name }} is on average {{ planet.distance_au }} times
as far from the Sun as Earth is.</p>
<p>Sunlight takes about {{ planet.light_minutes() }} minutes to get there.</p>
"""

# --8<-- [start:view]
PLANET_LIST_PAGE = """\
<!doctype html>
<title>Planets</title>
<h1>Planets</h1>
<ul>
{% for planet in planets %}
  <li><a href="/planets/{{ planet.name.lower() }}">{{ planet.name }}</a></li>
{% endfor %}
</ul>
"""
# --8<-- [end:view]


@app.get("/planets/<name>")
def show_planet(name: str) -> str:
    """The controller: ask the model for a planet and hand it to the view."""
    planet = find_planet(name)
    if planet is None:
        abort(404, f"No planet called {name!r} here.")
    return render_template_string(PLANET_PAGE, planet=planet)


# --8<-- [start:controller]
@app.get("/planets/")
def list_planets() -> str:
    """The controller: fetch every planet and hand the list to the view."""
    return render_template_string(PLANET_LIST_PAGE, planets=all_planets())


# --8<-- [end:controller]
