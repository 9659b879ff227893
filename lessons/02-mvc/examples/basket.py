"""A basket whose total is a rule of the model, worked out once instead of in a template."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

DELIVERY_CHARGE = 4.95
FREE_DELIVERY_FROM = 50


@dataclass(frozen=True)
class Product:
    """Something the shop sells."""

    name: str
    price: float
    discontinued: bool = False


@dataclass(frozen=True)
class Item:
    """A line of the basket: a product, how many, and the discount on it (0.25 is 25% off)."""

    product: Product
    quantity: int
    discount: float = 0.0


@dataclass
class Basket:
    """The model: the items a customer chose, and the rules that price them."""

    items: list[Item] = field(default_factory=list)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    # --8<-- [start:rules]
    def subtotal(self) -> float:
        """The price of the items that count, after their discounts."""
        return sum(
            item.quantity * item.product.price * (1 - item.discount)
            for item in self.items
            if item.quantity > 0 and not item.product.discontinued
        )

    def total(self) -> float:
        """The subtotal plus delivery, which is free from ``FREE_DELIVERY_FROM`` on."""
        subtotal = self.subtotal()
        return subtotal + (DELIVERY_CHARGE if subtotal < FREE_DELIVERY_FROM else 0)

    # --8<-- [end:rules]


TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
)


def render(name: str, basket: Basket) -> str:
    """Render the template ``name`` for ``basket``, without the blank lines around it."""
    return TEMPLATES.get_template(name).render(basket=basket).strip()


if __name__ == "__main__":
    # Both templates, one basket: the same total, worked out in two places.
    tea_and_mugs = Basket([Item(Product("Tea", 4.5), 4), Item(Product("Mug", 12.0), 2, 0.25)])
    print(render("basket/too_clever.html", tea_and_mugs))
    print(render("basket/total.html", tea_and_mugs))
