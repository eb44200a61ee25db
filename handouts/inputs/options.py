"""What a presenter asks of one deck, cleaned like every other input."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from . import limits as L
from .values import Line

MIN_MINUTES, MAX_MINUTES = 10, 240


class DeckOptions(BaseModel):
    """The talk's length in minutes, and the title-slide text a presenter
    may give on the command line (``title`` empty: from the content)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # None: as long as the notes take (every slide kept)
    minutes: int | None = Field(None, ge=MIN_MINUTES, le=MAX_MINUTES)
    title: L.bounded(Line, L.TITLE, "a title") = ""
    presenter: L.bounded(Line, L.PRESENTER, "a presenter's name") = ""
    date: L.bounded(Line, L.DATE, "a date") = ""


DEFAULT_OPTIONS = DeckOptions()


def deck_options(brand, **values) -> DeckOptions:
    """The presenter's options from the command line (``minutes``, ``title``,
    ``presenter``, ``date``), checked as a file's text is: cleaned, no
    right-to-left script, and every letter one of the brand's fonts draws.
    Raises :class:`click.BadParameter` naming the option."""
    import click
    from pydantic import ValidationError

    from .coverage import describe, drawable, missing

    try:
        options = DeckOptions(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise click.BadParameter(str(err["msg"]).removeprefix("Value error, "),
                                 param_hint=f"--{err['loc'][0]}") from None
    for name in ("title", "presenter", "date"):
        text = getattr(options, name)
        if not text.isascii() and (letters := missing(text, drawable(brand))):
            raise click.BadParameter(describe(letters), param_hint=f"--{name}")
    return options
