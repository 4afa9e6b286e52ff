"""Comparing what an example printed with what its page shows.

No framework or pytest imports: the page tests, ``tools/portability.py`` and the
site's hook (``hooks/tolerance.py``, which shows a declared tolerance under the output)
all read tolerances here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOLERANCE = re.compile(
    r"book: tolerance\s+±?\s*(?P<value>[0-9.]+(?:e-?\d+)?)\s*(?P<percent>%)?"
)
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Tolerance:
    """How far a printed number may move on another machine: absolute or relative."""

    value: float
    relative: bool = False

    def __str__(self) -> str:
        return f"±{self.value:g}%" if self.relative else f"±{self.value:g}"

    def allows(self, expected: float, actual: float) -> bool:
        limit = abs(expected) * self.value / 100 if self.relative else self.value
        return abs(actual - expected) <= limit * (1 + 1e-9) + 1e-12


def declared_tolerance(code: str) -> Tolerance | None:
    """The tolerance an example declares: a comment ``# book: tolerance ±0.02``.

    Written once, in the snippet file, where a reader sees it too; the page shows it
    under the output (hooks/finish.py) and the harness compares within it.
    """
    match = TOLERANCE.search(code)
    if not match:
        return None
    return Tolerance(float(match["value"]), bool(match["percent"]))


def compare_outputs(
    expected: str, actual: str, tolerance: Tolerance | None
) -> tuple[bool, float]:
    """Whether ``actual`` matches: text exactly, numbers within the tolerance.

    Returns (match, largest movement of a number). Without a tolerance the whole
    text must be equal (trailing newlines aside).
    """
    expected, actual = expected.rstrip("\n"), actual.rstrip("\n")
    if expected == actual:
        return True, 0.0
    expected_text, actual_text = NUMBER.split(expected), NUMBER.split(actual)
    expected_numbers = [float(n) for n in NUMBER.findall(expected)]
    actual_numbers = [float(n) for n in NUMBER.findall(actual)]
    if expected_text != actual_text or len(expected_numbers) != len(actual_numbers):
        return False, float("inf")
    moved = max(
        (abs(a - e) for e, a in zip(expected_numbers, actual_numbers, strict=True)),
        default=0.0,
    )
    if tolerance is None:
        return False, moved
    same = all(
        tolerance.allows(e, a)
        for e, a in zip(expected_numbers, actual_numbers, strict=True)
    )
    return same, moved
