"""What one handout or deck covers: the whole edition, or one condition."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Condition, Content

WHOLE_NAME = "overview"  # what a user types for the whole edition


@dataclass(frozen=True, order=True)
class Target:
    """The whole edition (``slug`` is ``None``): the overview booklet or the
    full seminar; or one condition, by its slug: its handout or its tailored
    deck. Build one with :data:`WHOLE` or :meth:`condition_of`."""

    slug: str | None = None

    @classmethod
    def condition_of(cls, slug: str) -> "Target":
        """The target for the condition with this slug."""
        return cls(slug)

    @property
    def is_whole(self) -> bool:
        return self.slug is None

    @property
    def name(self) -> str:
        """``"overview"`` for the whole edition, else the condition's slug;
        file names start with it."""
        return self.slug or WHOLE_NAME

    def condition(self, content: "Content") -> "Condition | None":
        """The condition this target covers (``None`` for the whole edition).
        Raises ``KeyError`` for a slug the content does not have."""
        return None if self.slug is None else content.condition(self.slug)


WHOLE = Target()
