"""The planets app showing distances in millions of kilometres: the model and the view change."""

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

    # --8<-- [start:model]
    def distance_million_km(self) -> float:
        """The average distance from the Sun, in millions of kilometres."""
        return round(self.distance_au * 149.6, 1)

    # --8<-- [end:model]


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


# --8<-- [start:view]
PLANET_PAGE = """\
<!doctype html>
<title>{{ planet.name }}</title>
<h1>{{ planet.name }}</h1>
<p>{{ planet.name }} is on average {{ planet.distance_au }} times
as far from the Sun as Earth is.</p>
<p>Sunlight takes about {{ planet.light_minutes() }} minutes to get there.</p>
<p>That is about {{ planet.distance_million_km() }} million km.</p>
"""
# --8<-- [end:view]


@app.get("/planets/<name>")
def show_planet(name: str) -> str:
    """The controller: ask the model for a planet and hand it to the view."""
    planet = find_planet(name)
    if planet is None:
        abort(404, f"No planet called {name!r} here.")
    return render_template_string(PLANET_PAGE, planet=planet)
