"""A clinic's project: a folder with one configuration file, ``handouts.toml``.

Every command finds it in the current folder or the nearest one above (as git
and MkDocs do), or from ``handouts --project DIR``. It names the content
edition and the clinic file of each language, the brand, the sites, the
clinic's own layouts and the output folder, each relative to the file and
inside the project's folder. Problems are reported all at once, as
``FILE:LINE: key: problem``.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, Problem
from .upstream import UPSTREAM

CONFIG_NAME = "handouts.toml"
_LANG = re.compile(r"[a-z]{2,3}")
_KEYS = {"languages", "brand", "sites", "output", "layouts", "content", "clinic",
         "allowed_signers", "require_signatures"}


@dataclass(frozen=True)
class Project:
    """A clinic's project, validated: every path absolute and inside ``root``."""

    root: Path
    config: Path
    languages: tuple[str, ...]
    content: dict[str, Path]
    clinic: dict[str, Path]
    brand: Path
    sites: Path | None
    output: Path
    layouts: Path | None
    # The reviewers whose signed approvals count (ssh-keygen's ALLOWED
    # SIGNERS format), and whether an approval must be signed to count.
    allowed_signers: Path | None = None
    require_signatures: bool = False

    @property
    def main_language(self) -> str:
        return self.languages[0]


def find_config(start: Path) -> Path | None:
    """``handouts.toml`` in ``start`` or the nearest folder above it."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _toml(text: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def _line_of(lines: list[str], key: str) -> int | None:
    """The line (1-based) where ``key`` (``content.es``) is set, if found."""
    table, _, name = key.rpartition(".")
    current = ""
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]\s*(#.*)?", stripped)
        if header:
            current = header[1].strip().strip('"')
            if not name and current == key:
                return number
            continue
        if current == table and re.match(rf'"?{re.escape(name)}"?\s*=', stripped):
            return number
    return None


def load_project(config: Path) -> Project:
    """The project configured by ``config``; raises :class:`InvalidInput`
    listing every problem in it."""
    from ..inputs.files import read_text

    config = Path(config).resolve()
    root = config.parent
    text = read_text(config, "project")
    lines = text.splitlines()
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(str(config), _line_of(lines, key) if key else None, key, message))

    try:
        data = _toml(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        match = re.search(r"\(at line (\d+)", str(exc))
        raise InvalidInput([Problem(str(config), int(match[1]) if match else None, "",
                                    f"not valid TOML: {re.sub(r' [(]at line.*', '', str(exc))}")
                            ]) from None
    for key in sorted(set(data) - _KEYS):
        problem(key, f"unknown key; a project names {', '.join(sorted(_KEYS))}")

    def path_of(key: str, value, kind: str, must_exist: bool = True) -> Path | None:
        if not isinstance(value, str) or not value.strip():
            problem(key, f"must be a path (text), relative to {CONFIG_NAME}")
            return None
        rel = Path(value)
        if rel.is_absolute() or ".." in rel.parts:
            problem(key, f"'{value}' must be a path inside the project's folder, relative to "
                         f"{CONFIG_NAME} (no absolute path, no '..')")
            return None
        path = root / rel
        try:
            real = path.resolve()
            is_file, is_dir = path.is_file(), path.is_dir()
        except (OSError, ValueError, RuntimeError) as exc:  # a NUL, a name too long, a loop
            why = "a link that leads to itself" if isinstance(exc, RuntimeError) else (
                getattr(exc, "strerror", None) or str(exc))
            shown = value.replace("\0", "\\0")
            problem(key, f"'{shown}' is not a usable path: {why}")
            return None
        if real != root and root not in real.parents:
            problem(key, f"'{value}' leads outside the project's folder (through a link)")
            return None
        reference = (root / UPSTREAM).resolve()
        if real == reference or reference in real.parents:
            problem(key, f"'{value}' is in {UPSTREAM}/, the reference copy of the bundled "
                         "edition that `handouts upstream --accept` rewrites; name your own "
                         "file or folder")
            return None
        if must_exist and kind == "file" and not is_file:
            problem(key, f"file not found: {path}")
            return None
        if must_exist and kind == "folder" and not is_dir:
            problem(key, f"folder not found: {path}")
            return None
        if not must_exist and kind == "folder" and path.exists() and not is_dir:
            problem(key, f"'{value}' is a file; name a folder")
            return None
        return path

    languages = data.get("languages", ["en"])
    if (not isinstance(languages, list) or not languages
            or not all(isinstance(x, str) and _LANG.fullmatch(x) for x in languages)):
        problem("languages", 'must be a list of language codes, the main one first, '
                             'e.g. ["en", "es"]')
        languages = []
    elif len(set(languages)) != len(languages):
        problem("languages", "names a language twice")
    tables: dict[str, dict[str, Path]] = {}
    for table in ("content", "clinic"):
        raw = data.get(table, {})
        found: dict[str, Path] = {}
        if not isinstance(raw, dict):
            problem(table, "must be a table of language = file, e.g. en = \"...\"")
            raw = {}
        for lang, value in raw.items():
            if lang not in languages:
                problem(f"{table}.{lang}", f"'{lang}' is not one of the project's languages "
                                           f"({', '.join(languages) or 'none'})")
                continue
            path = path_of(f"{table}.{lang}", value, "file")
            if path is not None:
                found[lang] = path
        tables[table] = found
    if "content" not in data:
        problem("", f"{CONFIG_NAME} names no [content] table: the edition of each language")
    else:
        for lang in languages:
            if lang not in data["content"] if isinstance(data["content"], dict) else False:
                problem("content", f"no content file for '{lang}'; add {lang} = \"FILE\"")
    brand = path_of("brand", data["brand"], "file") if "brand" in data else None
    if "brand" not in data:
        problem("", f"{CONFIG_NAME} names no brand file (brand = \"brand/brand.yaml\")")
    sites = path_of("sites", data["sites"], "file") if "sites" in data else None
    layouts = path_of("layouts", data["layouts"], "folder") if "layouts" in data else None
    output = path_of("output", data.get("output", "out"), "folder", must_exist=False)
    allowed_signers = path_of("allowed_signers", data.get("allowed_signers", "allowed_signers"),
                              "file", must_exist="allowed_signers" in data)
    require_signatures = data.get("require_signatures", False)
    if not isinstance(require_signatures, bool):
        problem("require_signatures", "must be true or false")
    elif require_signatures and (allowed_signers is None or not allowed_signers.is_file()):
        problem("require_signatures", "true, but there is no allowed_signers file to verify "
                                      "signatures with: list the project's reviewers in "
                                      f"{allowed_signers or 'allowed_signers'}")
    if output is not None:
        # A build writes site folders, a manifest and a lock file there: never
        # among the clinic's own files, nor in the reference copy.
        named = [p for p in (brand, sites, *tables["content"].values(),
                             *tables["clinic"].values()) if p is not None]
        out = output.resolve()
        if out == root or out == (root / "upstream").resolve() \
                or (root / "upstream").resolve() in out.parents \
                or any(out == p.resolve().parent or out in p.resolve().parents for p in named):
            problem("output", f"'{data.get('output', 'out')}' holds the project's own files "
                              "(or its upstream/ copy); a build writes there: name a folder of "
                              "its own, such as \"out\"")
    if problems:
        raise InvalidInput(problems)
    return Project(root, config, tuple(languages), tables["content"], tables["clinic"],
                   brand, sites, output, layouts, allowed_signers, require_signatures is True)
