"""A few demo accounts worth linking in the bot: each kind of meter and each way of paying."""

from __future__ import annotations

from collections import Counter

from core.demo.generator import DemoAccount, Habit

SHOWCASE_SIZE = 5
WANTED: tuple[str, ...] = ("T", "T1;T2", "T1;T2;T3", Habit.IN_DEBT, Habit.OVERPAYS)


class Showcase:
    """Picks them as customers stream past, keeping only the few that could be chosen: the first
    SHOWCASE_SIZE of each kind wanted (the earlier choices can rule out at most that many)."""

    def __init__(self) -> None:
        self._candidates: list[DemoAccount] = []
        self._seen: Counter[str] = Counter()

    def offer(self, person: DemoAccount) -> None:
        kinds = [wanted for wanted in WANTED if wanted in (person.zones, person.habit)]
        if any(self._seen[kind] < SHOWCASE_SIZE for kind in kinds):
            self._candidates.append(person)
        self._seen.update(kinds)

    def chosen(self) -> list[DemoAccount]:
        """For each kind in turn, the first account of that kind not chosen already."""
        chosen: list[DemoAccount] = []
        for wanted in WANTED:
            for person in self._candidates:
                if wanted in (person.zones, person.habit) and person not in chosen:
                    chosen.append(person)
                    break
        return chosen[:SHOWCASE_SIZE]
