"""A content file's editions in other languages, found beside it.

The bundled content is ``ketamine-pain.yaml`` (English); its Spanish edition
is ``ketamine-pain.es.yaml``. Any file named ``STEM.LANG.yaml`` beside
``STEM.yaml`` is the edition in language ``LANG`` (a BCP 47 primary tag);
the base file's own language is the one its ``meta.language`` names.
"""
from __future__ import annotations

import re
from pathlib import Path

import click

from .values import primary_language as primary

_SIBLING = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3})\.ya?ml$")


class UnknownLanguage(click.UsageError):
    """A --lang the content has no edition in (exit 2)."""


def _declared(path: Path) -> str:
    """The primary language a content file names in ``meta.language``
    (``en`` when it names none or cannot be read: loading it reports why)."""
    from . import yamlfile
    from ..errors import HandoutsError

    try:
        meta = yamlfile.load(path, "content").data.get("meta")
    except (HandoutsError, AttributeError):
        return "en"
    language = meta.get("language") if isinstance(meta, dict) else None
    return primary(language) if isinstance(language, str) and language.strip() else "en"


def editions(content_path: Path) -> dict[str, Path]:
    """Language -> content file, for ``content_path`` and the editions beside
    it, the base file first. A file of another stem is never one of them."""
    path = Path(content_path)
    match = _SIBLING.match(path.name)
    base = path.with_name(match["stem"] + path.suffix) if match else path
    found: dict[str, Path] = {}
    if base.is_file():
        found[_declared(base)] = base
    if base.parent.is_dir():
        for sibling in sorted(base.parent.glob(f"{base.stem}.*{base.suffix}")):
            m = _SIBLING.match(sibling.name)
            if m and m["stem"] == base.stem and m["lang"] not in found:
                found[m["lang"]] = sibling
    if match and path.is_file():
        found.setdefault(match["lang"], path)
    return found


def content_for(content_path: Path, language: str | None) -> Path:
    """The content file to read for ``language`` (``None``: ``content_path``
    itself). Raises :class:`UnknownLanguage` listing the languages there are."""
    if language is None:
        return content_path
    return _pick(editions(content_path), content_path, language)


def _pick(found: dict[str, Path], content_path: Path, language: str) -> Path:
    lang = primary(language)
    if lang in found:
        return found[lang]
    raise UnknownLanguage(f"no edition of {Path(content_path).name} in '{language}'; "
                          f"available: {', '.join(found) or 'none'}")


def languages_for(content_path: Path, wanted: str | None) -> list[tuple[str, Path]]:
    """(language, file) for each language a build makes: every edition of
    ``content_path`` (its own first), or those listed in ``wanted``
    (``en,es``). Raises :class:`UnknownLanguage` for one with no edition."""
    found = editions(content_path)
    if not found:
        return [("en", Path(content_path))]
    if not wanted:
        own = next((lang for lang, p in found.items() if p == Path(content_path)), None)
        order = ([own] if own else []) + [lang for lang in found if lang != own]
        return [(lang, found[lang]) for lang in order]
    out = []
    for lang in dict.fromkeys(primary(w) for w in wanted.split(",") if w.strip()):
        out.append((lang, _pick(found, content_path, lang)))
    if not out:
        raise UnknownLanguage(f"--lang names no language; available: {', '.join(found)}")
    return out
