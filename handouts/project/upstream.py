"""What a project was copied from, and what a newer release changed.

``handouts init`` keeps a reference copy of the bundled edition in the
project's ``upstream/`` folder, with a record of its edition date and each
section's fingerprint (``upstream/record.json``). After an upgrade, `check`
compares that record with the bundled edition of the release installed now,
and `handouts upstream` shows each changed section's old and new text side
by side, for the clinic's reviewer to carry over by hand. Nothing here ever
changes the clinic's own text; ``upstream --accept`` rewrites only
``upstream/``.
"""
from __future__ import annotations

import difflib
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

UPSTREAM = "upstream"
RECORD = "record.json"
CONTENT_NAME = "ketamine-pain.yaml"
ABOUT = ("The bundled edition of handouts this project was copied from: its date and each "
         "section's fingerprint. handouts never prints from this folder; `handouts upstream` "
         "compares it with the edition of the release installed now.")


def bundled_editions() -> dict[str, Path]:
    """Language -> bundled content file."""
    from ..inputs.editions import editions
    from ..paths import bundled

    return editions(bundled("assets") / "content" / CONTENT_NAME)


def bundled_edition_date() -> str:
    """The bundled (English) edition's date, read without validating it."""
    from ..inputs import yamlfile

    meta = yamlfile.load(next(iter(bundled_editions().values())), "content").data["meta"]
    return str(meta["edition"])


def _summary(path: Path) -> dict:
    from ..inputs.content import load_content
    from ..inputs.review import fingerprints

    content = load_content(path)
    return {"file": path.name, "edition": content.meta.edition.isoformat(),
            "sections": fingerprints(content)}


def record_text(files: dict[str, Path]) -> str:
    """The record of the editions ``files`` (language -> content file)."""
    from .. import __version__

    record = {"about": ABOUT, "handouts": __version__,
              "editions": {lang: _summary(path) for lang, path in files.items()}}
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


@dataclass(frozen=True)
class Change:
    """One language's bundled edition, changed since the project's record."""

    language: str
    old_edition: str
    new_edition: str
    sections: tuple[str, ...]
    old_file: Path | None  # the project's reference copy
    new_file: Path


def changes(root: Path) -> tuple[list[Change], str | None]:
    """What the installed release's bundled edition changed since the
    project's record, per language; and a note when there is no record."""
    from ..errors import HandoutsError
    from ..inputs.files import read_text

    folder = root / UPSTREAM
    unreadable = (f"{folder / RECORD}: missing or unreadable, so changes to the bundled "
                  "edition cannot be followed; `handouts upstream --accept` records the "
                  "one installed now")
    try:  # bounded, and a regular file only: never a pipe or a device
        record = json.loads(read_text(folder / RECORD, "upstream record", limit=1024 * 1024))
        editions = record["editions"]
    except (HandoutsError, OSError, ValueError, KeyError, TypeError):
        return [], unreadable
    if not _well_formed(editions):
        return [], unreadable
    found = []
    for lang, path in bundled_editions().items():
        now = _summary(path)
        was = editions.get(lang) or {}
        old, new = was.get("sections") or {}, now["sections"]
        changed = tuple(sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k)))
        if changed:
            copy = folder / str(was.get("file", path.name))
            found.append(Change(lang, str(was.get("edition", "none")), now["edition"], changed,
                                copy if copy.is_file() else None, path))
    return found, None


def _well_formed(editions) -> bool:
    """Whether the record's editions are as ``record_text`` writes them:
    language -> {file: a plain file name in upstream/, edition: text,
    sections: name -> fingerprint}. A hand-edited record is not trusted, and
    its file names never lead out of upstream/."""
    if not isinstance(editions, dict):
        return False
    for was in editions.values():
        if not isinstance(was, dict):
            return False
        name, sections = was.get("file", CONTENT_NAME), was.get("sections", {})
        if (not isinstance(name, str) or Path(name).name != name or name in ("", ".", "..")
                or not isinstance(was.get("edition", ""), str)
                or not isinstance(sections, dict)
                or not all(isinstance(v, str) for v in sections.values())):
            return False
    return True


def describe(found: list[Change]) -> list[str]:
    """One line per language whose bundled edition changed."""
    return [f"upstream: the bundled {c.language} edition changed since this project was made "
            f"({c.old_edition} -> {c.new_edition}): {', '.join(c.sections)}; "
            "`handouts upstream` shows the old and new text" for c in found]


def section_paragraphs(path: Path | None, name: str) -> list[str]:
    """The text of section ``name`` (``conditions.crps``, ``faq``, ...) in
    the content file at ``path``, one paragraph per piece of text."""
    if path is None:
        return ["(no reference copy)"]
    from ..inputs import yamlfile

    data = yamlfile.load(path, "content").data
    head, _, slug = name.partition(".")
    if head == "conditions":
        node = next((c for c in data.get("conditions", []) if c.get("slug") == slug), None)
    elif head == "meta":
        node = {k: data.get("meta", {}).get(k) for k in ("title", "subtitle")}
    else:
        node = data.get(head)
    out: list[str] = []

    def walk(value, label: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{label}.{key}" if label else str(key))
        elif isinstance(value, list):
            for item in value:
                walk(item, label)
        elif value is not None:
            out.append(f"{label}: {' '.join(str(value).split())}" if label else str(value))

    walk(node, "")
    return out or ["(none)"]


def side_by_side(old: list[str], new: list[str], width: int) -> list[str]:
    """Two columns, old on the left and new on the right, paragraphs aligned;
    a ``|`` between them where they differ, ``:`` where they are the same."""
    column = max(20, (width - 3) // 2)
    lines = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        left, right = old[a1:a2], new[b1:b2]
        mark = ":" if op == "equal" else "|"
        for i in range(max(len(left), len(right))):
            lw = textwrap.wrap(left[i], column) if i < len(left) else []
            rw = textwrap.wrap(right[i], column) if i < len(right) else []
            for j in range(max(len(lw), len(rw), 1)):
                lt = lw[j] if j < len(lw) else ""
                rt = rw[j] if j < len(rw) else ""
                lines.append(f"{lt:<{column}} {mark} {rt}".rstrip())
            lines.append("")
    return lines


def accept(root: Path) -> list[str]:
    """Record the installed release's bundled edition as the project's
    reference (copies and record in ``upstream/``); the clinic's own files
    are not touched. Returns the languages recorded."""
    from ..assemble.output import write_atomic

    from ..errors import HandoutsError

    folder = root / UPSTREAM
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise HandoutsError(f"{folder}: not a folder of its own (a link, or a file), so "
                            "nothing was recorded; make it a plain folder (`handouts init` "
                            "writes one)")
    folder.mkdir(exist_ok=True)
    files = bundled_editions()
    for path in files.values():
        write_atomic(folder / path.name, path.read_bytes())
    write_atomic(folder / RECORD, record_text(files).encode("utf-8"))
    return list(files)


