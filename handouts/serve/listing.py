"""What the server may send: the files a build's ``manifest.json`` lists, and
nothing else; and the one way a request's path is read."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
MANIFEST_LIMIT = 64 * 1024 * 1024
PRINTABLE = ("handout", "summary", "booklet")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".html": "text/html; charset=utf-8",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".json": "application/fhir+json; charset=utf-8",
}


class BadManifest(Exception):
    """A manifest the server cannot trust: the message says why."""


class BadPath(Exception):
    """A request path that is refused outright (400): a ``..``, an encoded
    slash or dot, a backslash, a NUL, a second round of encoding."""


@dataclass(frozen=True)
class Listed:
    """One file the manifest lists: its path (relative, with ``/``), what it
    is, its fingerprint and size, and its manifest row."""

    path: str
    group: str  # files, pages, assets, fhir
    sha256: str
    size: int | None
    row: dict

    @property
    def kind(self) -> str:
        return self.row.get("kind", self.group)

    @property
    def printable(self) -> bool:
        return self.group == "files" and self.kind in PRINTABLE and self.path.endswith(".pdf")

    @property
    def review(self) -> str:
        return str(self.row.get("review", "draft"))

    @property
    def fingerprint(self) -> str:
        """The edition's fingerprint where the manifest gives one, else the
        file's own sha256."""
        value = self.row.get("fingerprint")
        return str(value) if isinstance(value, str) and value else self.sha256

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(os.path.splitext(self.path)[1].lower(),
                                 "application/octet-stream")


@dataclass(frozen=True)
class Listing:
    """A build folder's manifest, read and checked: every file it lists, by
    path."""

    root: Path
    files: dict[str, Listed]
    pages: tuple[str, ...]  # the staff pages, the first language's first
    stamp: tuple  # the manifest file's identity when read (reloaded when it changes)

    def page_language(self, path: str) -> str:
        listed = self.files.get(path)
        return str(listed.row.get("language", "en-US")) if listed else "en-US"


def _stamp(path: Path) -> tuple:
    info = os.stat(path)
    return info.st_ino, info.st_size, info.st_mtime_ns


def manifest_stamp(root: Path) -> tuple | None:
    try:
        return _stamp(root / MANIFEST)
    except OSError:
        return None


def check_relative(path: object) -> str:
    """``path`` if it is a plain relative path inside the build folder
    (``site/handouts/x.pdf``); raises ``ValueError`` otherwise."""
    if not isinstance(path, str) or not path:
        raise ValueError("a path must be text")
    if "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path) or "%" in path:
        raise ValueError(f"'{path}' holds a backslash, a control character or a %")
    parts = path.split("/")
    if path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"'{path}' is not a relative path inside the build folder")
    return path


def load_listing(root: Path) -> Listing:
    """The files ``root/manifest.json`` lists; raises :class:`BadManifest`."""
    root = Path(root)
    where = root / MANIFEST
    try:
        stamp = _stamp(where)
        with open(where, "rb") as fh:
            data = fh.read(MANIFEST_LIMIT + 1)
    except FileNotFoundError:
        raise BadManifest(f"{root}: no {MANIFEST} here: not a build folder "
                          "(`handouts build` makes one)") from None
    except OSError as exc:
        raise BadManifest(f"{where}: {exc.strerror or exc}") from None
    if len(data) > MANIFEST_LIMIT:
        raise BadManifest(f"{where}: larger than {MANIFEST_LIMIT // 2**20} MB")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadManifest(f"{where}: not a build's manifest (not JSON: {exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise BadManifest(f"{where}: not a build's manifest (no list of files)")
    real_root = root.resolve()
    files: dict[str, Listed] = {}
    rows: list[tuple[str, dict]] = [("files", r) for r in manifest["files"]]
    for group in ("pages", "assets"):
        found = manifest.get(group, [])
        if not isinstance(found, list):
            raise BadManifest(f"{where}: {group}: not a list")
        rows += [(group, r) for r in found]
    if manifest.get("fhir") is not None:
        rows.append(("fhir", manifest["fhir"]))
    for group, row in rows:
        if not isinstance(row, dict):
            raise BadManifest(f"{where}: {group}: an entry is not an object")
        try:
            path = check_relative(row.get("path"))
        except ValueError as exc:
            raise BadManifest(f"{where}: {group}: {exc}") from None
        real = (root / path).resolve()
        if real_root not in real.parents:
            raise BadManifest(f"{where}: {group}: '{path}' leads outside the build folder")
        digest = row.get("sha256")
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            raise BadManifest(f"{where}: {group}: '{path}' has no sha256 fingerprint")
        size = row.get("bytes")
        if path in files:
            raise BadManifest(f"{where}: '{path}' is listed twice")
        files[path] = Listed(path, group, digest, size if isinstance(size, int) else None, row)
    pages = tuple(r["path"] for g, r in rows if g == "pages" and r["path"].endswith(".html"))
    return Listing(root, files, pages, stamp)


def read_verified(listing: Listing, listed: Listed) -> bytes | None:
    """The bytes of ``listed`` if they are still the ones the build wrote
    (the manifest's sha256); ``None`` if the file is missing, not a regular
    file, or changed."""
    path = listing.root / listed.path
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        if listed.size is not None and info.st_size != listed.size:
            return None
        with open(path, "rb") as fh:
            data = fh.read(info.st_size + 1)
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != listed.sha256:
        return None
    return data


def request_path(target: str) -> str:
    """The file a request's target names, as the manifest spells it
    (``site/handouts/x.pdf``; ``""`` for ``/``); the query, if any, is
    ignored. Raises :class:`BadPath` for any target that is not a plain
    absolute path: ``..`` or ``.`` segments, backslashes, NUL and other
    control characters, percent-encoded slashes, dots or percent signs
    (double encoding), malformed escapes, or bytes that are not UTF-8.
    Empty segments (a folder's trailing slash) are kept, and so name no
    file."""
    if not target.startswith("/"):
        raise BadPath("not an absolute path")
    raw = target.split("?", 1)[0]
    if "#" in raw or "\\" in raw or any(ord(c) < 33 or ord(c) >= 127 for c in raw):
        raise BadPath("a character a path may not hold")
    segments = []
    for segment in raw[1:].split("/"):
        decoded = bytearray()
        i = 0
        while i < len(segment):
            c = segment[i]
            if c == "%":
                pair = segment[i + 1:i + 3]
                if not _HEX2.fullmatch(pair):
                    raise BadPath("a malformed %-escape")
                decoded.append(int(pair, 16))
                i += 3
            else:
                decoded += c.encode("ascii")
                i += 1
        try:
            text = decoded.decode("utf-8")
        except UnicodeDecodeError:
            raise BadPath("not UTF-8") from None
        if any(ch in text for ch in "/\\%") or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise BadPath("an encoded slash, backslash, % or control character")
        if text in (".", ".."):
            raise BadPath("a . or .. segment")
        segments.append(text)
    return "/".join(segments)
