"""What a presenter asks of one deck, cleaned like every other input."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .values import Line

MIN_MINUTES, MAX_MINUTES = 10, 240


class DeckOptions(BaseModel):
    """The talk's length in minutes, and the title-slide text a presenter
    may give on the command line (``title`` empty: from the content)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minutes: int = Field(60, ge=MIN_MINUTES, le=MAX_MINUTES)
    title: Line = ""
    presenter: Line = ""
    date: Line = ""


DEFAULT_OPTIONS = DeckOptions()
