"""Values that check themselves on construction, like python-pptx's ``RGBColor``
and ``Pt``: lengths, colours, and the cleaned text every text field holds.

Each refuses a bad value with a ``ValueError`` whose message is fit to show a
user; pydantic turns it into a located problem (``FILE:LINE: key: message``).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import core_schema

from .pasted import as_typed, left_to_right  # noqa: F401 - text as pasted

POINTS_PER = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|mm|cm)\s*$")
_HEX = re.compile(r"^#([0-9A-Fa-f]{6})$")


class Length(float):
    """A length in PDF points (1/72 in), written with a unit: ``12pt``,
    ``0.75in``, ``18mm``, ``1.5cm``. A bare number is refused: units are
    never guessed. Negative lengths are refused."""

    def __new__(cls, value: Any) -> "Length":
        if isinstance(value, Length):
            return value
        m = _LENGTH.match(value) if isinstance(value, str) else None
        if not m:
            raise ValueError(f"'{value}' is not a length; write a number and a unit "
                             "(pt, in, mm or cm), e.g. 0.75in")
        points = float(m.group(1)) * POINTS_PER[m.group(2)]
        if points < 0:
            raise ValueError(f"'{value}' is negative")
        return super().__new__(cls, points)

    @property
    def emu(self) -> int:
        """English Metric Units, as python-pptx wants them (12700 per point)."""
        return int(round(self * 12700))

    @classmethod
    def __get_pydantic_core_schema__(cls, _source, _handler):
        return core_schema.no_info_plain_validator_function(cls)


class Colour(str):
    """An sRGB colour written ``#RRGGBB``; construction refuses anything else.

    It is a ``str`` (its canonical upper-case hex form) so it prints and
    serialises as what the user wrote.
    """

    def __new__(cls, value: Any) -> "Colour":
        if not isinstance(value, str) or not _HEX.match(value.strip()):
            raise ValueError(f"'{value}' is not a colour; write it as #RRGGBB, e.g. #1B4F72")
        return super().__new__(cls, value.strip().upper())

    @property
    def rgb(self) -> tuple[int, int, int]:
        """Red, green and blue, each 0 to 255."""
        return int(self[1:3], 16), int(self[3:5], 16), int(self[5:7], 16)

    @property
    def hex(self) -> str:
        """``RRGGBB`` without the '#', as DrawingML's ``srgbClr`` wants it."""
        return self[1:]

    @property
    def luminance(self) -> float:
        """WCAG 2.x relative luminance, 0.0 (black) to 1.0 (white)."""

        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in self.rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    @classmethod
    def __get_pydantic_core_schema__(cls, _source, _handler):
        return core_schema.no_info_plain_validator_function(cls)


def contrast_ratio(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio between two colours, from 1.0 to 21.0."""
    hi, lo = sorted((a.luminance, b.luminance), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# C0 and C1 control characters, surrogates (which no encoder can write) and the
# two noncharacters XML forbids. Tabs and newlines are handled by the callers.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_line(text: str) -> str:
    """``text`` as one line: as typed (:func:`as_typed`), whitespace runs
    (newlines included) become one space, control characters and characters
    XML cannot hold are removed, and the ends are trimmed. Returns ``""`` for
    text that holds nothing printable."""
    spaced = _UNPRINTABLE.sub("", re.sub(r"\s+", " ", as_typed(text)))
    return re.sub(" {2,}", " ", spaced).strip()


def clean_block(text: str) -> str:
    """``text`` keeping its line breaks (for speaker notes): each line cleaned
    as by :func:`clean_line`, runs of more than one blank line kept as one."""
    lines = [clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n")
             .split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Typewriter punctuation and what a typesetter prints for it. An opening quote
# follows the start, a space, an opening bracket or a dash; any other is closing
# (an apostrophe is a closing single quote).
_OPENS_AFTER = r"(?:(?<=^)|(?<=[\s(\[{\u2013\u2014\u201c\u2018]))"
_TYPOGRAPHY = (
    (re.compile(r"\.\.\."), "\u2026"),                 # ...  -> ellipsis
    (re.compile(r"(?<=\S) ?--- ?(?=\S)|(?<=\S) ?-- ?(?=\S)"), "\u2014"),  # -- -> em dash
    (re.compile(r"(?<= )-(?= )"), "\u2013"),            # a - b -> a – b
    (re.compile(_OPENS_AFTER + '"'), "\u201c"),
    (re.compile('"'), "\u201d"),
    (re.compile(_OPENS_AFTER + "'(?=\\w)"), "\u2018"),
    (re.compile("'"), "\u2019"),
)


def typographic(text: str) -> str:
    """``text`` with typewriter punctuation set as a print shop would:
    straight quotes as curly ones ("a" -> “a”, it's -> it’s, patients' ->
    patients’), ``--`` as an em dash, a hyphen between spaces as an en dash,
    ``...`` as an ellipsis. Hyphens inside words and numbers (phone numbers,
    "re-map") are left alone. Idempotent; text without these characters comes
    back unchanged."""
    if not any(c in text for c in "'\"-."):
        return text
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    return text


_RANGE = re.compile(r"(?<=\d)-(?=\d)")


def typographic_citation(text: str) -> str:
    """A citation as :func:`typographic` sets it, with page and year ranges
    ("521-546") joined by an en dash, as a reference list prints them."""
    return _RANGE.sub("\u2013", typographic(text))


def _non_empty(text: str) -> str:
    if not text:
        raise ValueError("must not be empty")
    return text


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def primary_language(language: str) -> str:
    """The primary subtag of a language tag, lower case: ``es-US`` -> ``es``
    (the catalogue, the brand's translation and the content edition it
    names)."""
    return language.replace("_", "-").split("-")[0].lower()


def _language(text: str) -> str:
    if not _LANGUAGE.match(text):
        raise ValueError(f"'{text}' is not a language tag; write it like en-US or es-US")
    return text


# Every text field of every input is one of these, so no field reaches a
# renderer holding a character a PDF or an XML part cannot hold.
Verbatim = Annotated[str, AfterValidator(clean_line), AfterValidator(left_to_right)]
"""One line printed as written (an email address, a font name), possibly empty."""
Line = Annotated[Verbatim, AfterValidator(typographic)]
"""One line of text to print, possibly empty, its punctuation typographic."""
Text = Annotated[Line, AfterValidator(_non_empty)]
"""One line of text to print that may not be empty."""
Plain = Annotated[Verbatim, AfterValidator(_non_empty)]
"""One line used as written (a name to look up) that may not be empty."""
Citation = Annotated[Text, AfterValidator(typographic_citation)]
"""A source as a reference list prints it (page ranges with an en dash)."""
Notes = Annotated[str, AfterValidator(clean_block), AfterValidator(left_to_right),
                  AfterValidator(typographic)]
"""Text that keeps its line breaks (speaker notes)."""
Language = Annotated[str, AfterValidator(_language)]
"""A BCP 47 language tag such as ``en-US``."""


# A QR code of version 12 (65 modules a side) prints with modules of about
# 0.4 mm in the smallest QR a layout draws (1.1 in), which phone cameras read;
# at error correction level M it holds 287 bytes.
MAX_QR_BYTES = 287
_WEB = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
_BARE_SITE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
                        r"(?::\d{1,5})?(?:[/?#]\S*)?$")


def _no_credentials(text: str) -> str:
    """Refuse a web address that carries a user name or password
    (``https://user:pass@host``): a link is the address alone."""
    host = re.sub(r"^https?://", "", text, flags=re.IGNORECASE)
    host = re.split(r"[/?#]", host, maxsplit=1)[0]
    if "@" in host:
        raise ValueError(f"'{text[:60]}' carries a user name or password before its host; "
                         "write the web address alone, like https://example.org/page")
    return text


def _qr_url(text: str) -> str:
    if not _WEB.match(text):
        raise ValueError(f"'{text[:60]}' is not a web address; write it like "
                         "https://example.org/page (http or https only)")
    _no_credentials(text)
    size = len(text.encode("utf-8"))
    if size > MAX_QR_BYTES:
        raise ValueError(f"is {size} bytes long; a QR code that prints clearly holds at most "
                         f"{MAX_QR_BYTES}: use a shorter address")
    return text


def _website(text: str) -> str:
    if text and not (_WEB.match(text) or _BARE_SITE.match(text)):
        raise ValueError(f"'{text[:60]}' is not a web address; write it like example.org "
                         "or https://example.org/page")
    return _no_credentials(text)


# An e-mail address and nothing else: one @, no query (?bcc=...), no second
# address (a comma), no space; a host name whose last label is letters.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,63}")


def _email(text: str) -> str:
    if not text:
        return text
    if len(text) > 254 or not _EMAIL.fullmatch(text) or ".." in text or \
            text.startswith(".") or ".@" in text:
        why = ("has no @" if "@" not in text else "has more than one @" if text.count("@") > 1
               else "carries more than an address (a ?, a comma or a space)"
               if re.search(r"[?,;\s]", text) else "is not a valid address")
        raise ValueError(f"'{text[:60]}' {why}; write the address alone, like "
                         "care@example.org")
    return text


# A phone number: digits with the usual separators (spaces, dashes, dots,
# brackets, a slash), a leading + for an international number, and an
# extension written ;ext= and digits only.
_PHONE = re.compile(r"(\+?[0-9 ()./\-\u00a0\u2010\u2011\u2013]+?)(?:;ext=([0-9]{1,10}))?")
MIN_PHONE_DIGITS = 7


def _phone(text: str) -> str:
    match = _PHONE.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text[:60]}' is not a phone number; write digits, with spaces, "
                         "dashes, dots or brackets between them and an extension as ;ext=123, "
                         "like (555) 010-0199;ext=12")
    digits = len(re.sub(r"[^0-9]", "", match.group(1)))
    if digits < MIN_PHONE_DIGITS:
        raise ValueError(f"'{text[:60]}' has {digits} digit{'s' if digits != 1 else ''}; a "
                         f"phone number has at least {MIN_PHONE_DIGITS}")
    return text


def tel_uri(phone: str) -> str | None:
    """The ``tel:`` address of ``phone`` (as :data:`Phone` accepts it):
    exactly the digits written, a leading ``+`` kept, the extension as
    ``;ext=``; ``None`` for anything that is not such a number."""
    match = _PHONE.fullmatch(phone or "")
    if match is None:
        return None
    digits = re.sub(r"[^0-9]", "", match.group(1))
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    plus = "+" if match.group(1).lstrip().startswith("+") else ""
    return f"tel:{plus}{digits}" + (f";ext={match.group(2)}" if match.group(2) else "")


_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(?::\d{1,5})?$")
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~._-"  # kept as they are in a web address's path and query


def https_uri(site: str) -> str | None:
    """The ``https:`` address of a website written as ``example.org/page``
    or ``http(s)://...`` (an ``http:`` one is asked for over HTTPS), or
    ``None`` for anything whose host is not a plain host name (a user name
    or password included)."""
    from urllib.parse import quote, urlsplit

    if not site or any(c.isspace() for c in site):
        return None
    bare = re.sub(r"^https?://", "", site, flags=re.IGNORECASE)
    url = "https://" + bare
    parts = urlsplit(url)
    if parts.scheme != "https" or not _HOST.match(parts.netloc) or "@" in parts.netloc:
        return None
    return "https://" + parts.netloc + quote(url[len("https://") + len(parts.netloc):],
                                               safe=_URL_SAFE)


def mailto_uri(email: str) -> str | None:
    """The ``mailto:`` address of ``email`` (as :data:`Email` accepts it),
    or ``None`` for anything else."""
    try:
        return "mailto:" + _email(email) if email else None
    except ValueError:
        return None


QrUrl = Annotated[Plain, AfterValidator(_qr_url)]
"""An http(s) address short enough for a QR code that scans."""
Website = Annotated[Verbatim, AfterValidator(_website)]
"""A web address to print: ``example.org/page`` or ``https://...``; may be empty."""
Email = Annotated[Verbatim, AfterValidator(_email)]
"""An e-mail address alone (no query, no second address); may be empty."""
Phone = Annotated[Text, AfterValidator(_phone)]
"""A phone number: digits and separators, an optional ``;ext=`` extension."""


def _file_name(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must name a file")
    return value


FilePath = Annotated[Path, BeforeValidator(_file_name)]
"""A path to a file, relative to the file that names it; never empty."""

# Pictograms a text may ask for, by what they show (drawn from Font Awesome's
# free icons by :mod:`handouts.render.pictograms`).
Pictogram = Literal["infusion", "no-driving", "call"]
