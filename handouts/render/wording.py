"""Every fixed word the handouts and decks print, from per-language gettext
catalogues (``handouts/locale/<lang>/LC_MESSAGES/handouts.po``, read with
Babel; the template is ``handouts/locale/handouts.pot``).

Renderers never spell wording themselves: they call :func:`say` with a key
(the message's ``msgctxt``), so the handout and the deck cannot drift apart,
and a translation is a catalogue, not code. Messages are ``str.format``
templates. The language is the content's: a renderer speaks it for the
length of one render (:func:`speaking`). A message a catalogue lacks, or has
not translated, falls back to English (``check`` reports it).
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Union

from ..inputs.values import primary_language as primary

if TYPE_CHECKING:
    from ..inputs.model import Condition

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "handouts"
SOURCE_LANGUAGE = "en"

Message = Union[str, tuple[str, ...]]  # a text, or its plural forms


@dataclass(frozen=True)
class Catalogue:
    """One language's wording: ``messages`` by key (a plural message holds
    its forms), ``plural`` picking a form's index for a count, and the keys
    left untranslated (``missing``)."""

    language: str
    messages: dict[str, Message]
    plural: Callable[[int], int]
    missing: tuple[str, ...] = ()


def read_catalogue(path: Path, language: str) -> Catalogue:
    """The catalogue in the ``.po`` file ``path``. Raises
    :class:`~handouts.errors.InvalidInput`, each problem located
    (``FILE:LINE: key: problem``), for a charset Python does not know or
    that the file is not in, a plural rule that does not parse or does not
    pick a form for every count, or a message whose braces do not pair or
    that names a value its English message does not give."""
    import io

    from babel.messages.pofile import read_po

    from ..errors import InvalidInput, Problem

    raw = path.read_bytes()
    lines = raw.split(b"\n")

    def line_of(needle: bytes) -> int | None:
        return next((i for i, text in enumerate(lines, 1) if needle in text), None)

    def msgstr_line(lineno: int) -> int:
        return next((i for i in range(lineno, len(lines) + 1)
                     if lines[i - 1].lstrip().startswith(b"msgstr")), lineno)

    def refuse(line: int | None, key: str, message: str) -> InvalidInput:
        return InvalidInput([Problem(str(path), line, key, message)])

    try:
        po = read_po(io.BytesIO(raw), locale=None, domain=DOMAIN)
    except LookupError as exc:
        raise refuse(line_of(b"charset="), "Content-Type",
                     f"{exc}; write charset=utf-8 (and save the file as UTF-8)") from None
    except UnicodeDecodeError as exc:
        raise refuse(line_of(b"charset="), "Content-Type",
                     f"the file is not in the charset its header names ({exc.encoding}): "
                     f"{exc.reason} at byte {exc.start}; save it as UTF-8 and write "
                     "charset=utf-8") from None
    except Exception as exc:  # noqa: BLE001 - Babel's own parse errors
        raise refuse(getattr(exc, "lineno", None), "", f"not a readable catalogue: {exc}") from None
    problems = []
    plural = _plural_rule(po.plural_expr, po.num_plurals)
    if isinstance(plural, str):
        problems.append(Problem(str(path), line_of(b"Plural-Forms"), "Plural-Forms", plural))
    messages: dict[str, Message] = {}
    missing = []
    for msg in po:
        if not msg.id or msg.context is None:
            continue
        forms = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        if msg.fuzzy or not all(forms):
            missing.append(msg.context)
            forms = ids  # the English source, until someone translates it
        else:
            given = set().union(*(_fields(i) or set() for i in ids)) | {"n"}
            for form in forms:
                named = _fields(form)
                if named is None:
                    problems.append(Problem(str(path), msgstr_line(msg.lineno), msg.context,
                                            f"a brace that does not pair in {form!r}; write "
                                            "{name} for a value, {{ or }} for a brace"))
                elif named - given:
                    problems.append(Problem(
                        str(path), msgstr_line(msg.lineno), msg.context,
                        f"{form!r} names {', '.join(sorted(named - given))}, which the "
                        f"English message does not give (it gives: "
                        f"{', '.join(sorted(given - {'n'})) or 'nothing'})"))
        messages[msg.context] = forms if isinstance(msg.id, tuple) else forms[0]
    if problems:
        raise InvalidInput(problems)
    return Catalogue(language, messages, plural, tuple(missing))


def _fields(template: str) -> set[str] | None:
    """The names a ``str.format`` template fills in, or ``None`` if its
    braces do not pair."""
    import string

    try:
        return {name.split(".")[0].split("[")[0]
                for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return None


def _plural_rule(expr: str, count: int):
    """The plural rule ``expr`` as a function, or what is wrong with it: it
    must parse, and pick one of the ``count`` forms for every number."""
    try:
        rule = gettext.c2py(expr)
        for n in (*range(0, 201), 1000, 10_000, 1_000_000):
            if not 0 <= rule(n) < count:
                return (f"plural={expr} picks form {rule(n)} for {n}, but nplurals={count} "
                        f"(forms 0 to {count - 1})")
    except (ValueError, ArithmeticError, RecursionError) as exc:
        return f"plural={expr} is not a plural rule ({exc})"
    return rule


_REGISTERED: dict[str, Catalogue] = {}


def register(catalogue: Catalogue) -> None:
    """Make ``catalogue`` the one for its language in this process (a
    pseudo-translation, in tests)."""
    _REGISTERED[catalogue.language] = catalogue


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / primary(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def _read(language: str) -> Catalogue | None:
    path = catalogue_path(language)
    return read_catalogue(path, language) if path.is_file() else None


def catalogue(language: str) -> Catalogue:
    """The catalogue for ``language`` (a tag such as ``es-US``); English when
    there is none."""
    lang = primary(language)
    found = _REGISTERED.get(lang) or _read(lang)
    return found if found is not None else _read(SOURCE_LANGUAGE)


def catalogue_languages() -> tuple[str, ...]:
    """The languages that have a catalogue, sorted: ``("en", "es")``."""
    found = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | set(_REGISTERED)))


_SPEAKING: contextvars.ContextVar[str] = contextvars.ContextVar("speaking", default="en-US")


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, :func:`say` reads ``language``'s catalogue."""
    token = _SPEAKING.set(language)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def language() -> str:
    """The language being spoken (a BCP 47 tag)."""
    return _SPEAKING.get()


CHECKLIST = tuple(f"checklist.{n}" for n in range(1, 7))


def say(key: str, **values: object) -> str:
    """The wording for ``key`` in the language being spoken, with ``values``
    filled in. Raises ``KeyError`` for a key no catalogue has (a renderer
    bug, caught by the tests)."""
    text = catalogue(_SPEAKING.get()).messages.get(key)
    if text is None:
        text = catalogue(SOURCE_LANGUAGE).messages[key]
    if isinstance(text, tuple):
        raise TypeError(f"{key} has plural forms: use say_n")
    return text.format(**values)


def say_n(key: str, n: int, **values: object) -> str:
    """The form of plural message ``key`` for the count ``n``, as the
    language's plural rule picks it, with ``n`` and ``values`` filled in."""
    cat = catalogue(_SPEAKING.get())
    forms = cat.messages.get(key)
    if not isinstance(forms, tuple):
        cat = catalogue(SOURCE_LANGUAGE)
        forms = cat.messages[key]
    index = min(cat.plural(n), len(forms) - 1)
    return forms[index].format(n=n, **values)


def words(key: str) -> frozenset[str]:
    """A message that lists words (space-separated), as a set."""
    return frozenset(say(key).split())


def topic(cond: "Condition") -> str:
    """A condition's short title as it reads inside a sentence: its first
    letter lowered unless the first word is an acronym ("back pain and
    sciatica", "CRPS")."""
    short = cond.short_title
    return short if short.split()[0].isupper() else short[:1].lower() + short[1:]


def condition_heading(cond: "Condition") -> str:
    """"Ketamine for back pain and sciatica": the handout's section heading
    and the tailored deck's title."""
    return say("condition.heading", topic=topic(cond))


def review_mark(state) -> str:
    """The mark every page and slide of an unapproved edition carries, at its
    top and across it ("" for an approved one): a draft's, a changed
    approval's or an overdue review's own words."""
    if state.approved:
        return ""
    return say({"overdue": "review.overdue", "changed": "review.changed"}.get(
        state.status, "review.draft"))


def review_line(state) -> str:
    """What a footer says of the review: who approved it and when, or that
    it is a draft, or overdue. Never "Reviewed" for unapproved text."""
    if state.approved:
        return say("footer.reviewed", by=state.approved_by, date=format_date(state.approved_on),
                   next=format_date(state.next_review))
    if state.status == "overdue":
        return say("footer.overdue", date=format_date(state.next_review))
    return say("review.draft")


def format_date(day: dt.date) -> str:
    """A date as the language being spoken writes it in full, from Babel's
    locale data: ``November 25, 2026`` in en-US, ``25 de noviembre de 2026``
    in es-US. A language Babel does not know gets U.S. English."""
    from babel.core import Locale, UnknownLocaleError
    from babel.dates import format_date as babel_date

    try:
        locale = Locale.parse(_SPEAKING.get().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en_US")
    return babel_date(day, format="long", locale=locale)
