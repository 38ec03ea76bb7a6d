"""Demo data registry. Each app registers a step in AppConfig.ready(); ``demo_load`` runs them in order.

A step is ``fn(ctx: dict) -> None``; ``ctx`` carries what earlier steps built (e.g. ``ctx["users"]``).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    run: Callable[[dict], None]


_steps: dict[str, DemoStep] = {}


def register_demo_step(order: int, name: str, run: Callable[[dict], None]) -> None:
    _steps[name] = DemoStep(order, name, run)


def demo_steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))
