"""Writing output files atomically, and the default output file names."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError, OutputNameError
from ..inputs.target import Target

# The temporary name is ".NAME.XXXXXXXX.part"; NAME is cut so that the whole
# stays within the 255 bytes most file systems allow.
_TEMP_NAME_ROOM = 255 - len("..XXXXXXXX.part")


def handout_name(target: Target, layout: str, paper: str, default_paper: str) -> str:
    """``crps-handout.pdf``, ``overview-handout.pdf``,
    ``crps-handout-large-print-a4.pdf``, ...

    The layout is named unless it is ``standard``; the paper unless it is the
    brand's default.
    """
    parts = [target.name, "handout"]
    if layout != "standard":
        parts.append(layout)
    if paper != default_paper:
        parts.append(paper)
    return "-".join(parts) + ".pdf"


def deck_name(target: Target) -> str:
    """``seminar.pptx`` for the full seminar, ``crps-seminar.pptx`` for one condition."""
    return "seminar.pptx" if target.is_whole else f"{target.slug}-seminar.pptx"


def web_name(target: Target) -> str:
    """``crps.html``: a handout's web page, in its site's ``web/`` folder."""
    return f"{target.name}.html"


def page_url(base: str, site: str, name: str) -> str:
    """Where a handout's web page is published: the brand's
    ``web_base_url``, the site's folder, ``web/``, the page's name."""
    return f"{base.rstrip('/')}/{site}/web/{name}"


def with_page_qr(brand, target: Target, site: str, tag: str):
    """``brand`` with its QR code (and printed link) at ``target``'s own web
    page, when the brand says where the build is published."""
    if not brand.web_base_url:
        return brand
    url = page_url(brand.web_base_url, site, tagged(web_name(target), tag))
    return brand.model_copy(update={"qr_url": url})


def tagged(name: str, tag: str) -> str:
    """``crps-handout.pdf`` with ``tag`` before its suffix: ``crps-handout-es.pdf``."""
    if not tag:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-{tag}{dot}{suffix}"


STDOUT = "-"  # an output name meaning standard output


def check_output_name(path: Path, suffixes: tuple[str, ...], what: str,
                      inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output name that does not end in one of ``suffixes`` (a
    handout named ``.pptx``), or that names one of ``inputs`` (the file being
    read), with :class:`OutputNameError` (exit 2). ``-`` (standard output)
    passes."""
    if str(path) == STDOUT:
        return
    if path.suffix.lower() not in suffixes:
        raise OutputNameError(f"-o {path}: {what}; give a name ending in "
                              f"{' or '.join(suffixes)}, or - for standard output")
    for source in inputs:
        try:
            same = path.exists() and path.samefile(source)
        except OSError:
            same = False
        if same:
            raise OutputNameError(f"-o {path}: that is the file being read; "
                                  "give another name")


def write_output(path: Path, data: bytes) -> Path | None:
    """Write ``data`` to ``path`` atomically, or to standard output when
    ``path`` is ``-`` (then returns ``None``). Binary data is not written to
    a terminal."""
    if str(path) != STDOUT:
        return write_atomic(path, data)
    import sys

    stream = sys.stdout.buffer
    if stream.isatty() and (data.startswith((b"%PDF", b"PK\x03\x04")) or b"\0" in data[:4096]):
        raise OutputError("-o -: will not write a binary file to the terminal; "
                          "redirect it, e.g. > handout.pdf")
    stream.write(data)
    stream.flush()
    return None


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_out_dir(folder: Path) -> None:
    """Raise :class:`OutputError` unless ``folder`` is an existing, writable
    folder outside the installed handouts (its bundled files are read-only)."""
    from ..paths import is_bundled

    try:
        if is_bundled(folder):
            raise OutputError(f"{folder}: part of the installed handouts, which is read-only "
                              "(an upgrade would replace it); write somewhere else")
        if not folder.exists():
            raise OutputError(f"{folder}: output folder does not exist")
        if not folder.is_dir():
            raise OutputError(f"{folder}: output folder is a file, not a folder")
    except OSError as exc:
        raise OutputError(f"{folder}: cannot use as output folder: {_why(exc)}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: output folder is not writable")


def make_out_dir(folder: Path) -> None:
    """Create ``folder`` if its parent exists; raise :class:`OutputError`
    (never a traceback) when it cannot be made or used."""
    from ..paths import is_bundled

    if is_bundled(folder):
        raise OutputError(f"{folder}: part of the installed handouts, which is read-only "
                          "(an upgrade would replace it); write somewhere else")
    try:
        if not folder.exists():
            if not folder.parent.is_dir():
                raise OutputError(f"{folder}: output folder does not exist, nor does its parent")
            folder.mkdir()
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder: {_why(exc)}") from None
    check_out_dir(folder)


def write_atomic(path: Path, data: bytes, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The temporary file is renamed into place only once fully written, so an
    interrupted write never leaves a partial file at ``path``. With
    ``durable`` it is also flushed to the disk first (``fsync``), so a power
    cut cannot leave an empty file either; a build writes hundreds of files
    and flushes them all at once at its end instead (see ``build.run``).
    Returns ``path``. Raises :class:`OutputError` for an unusable folder or a
    failed write (the temporary file is removed).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_out_dir(folder)
    try:
        is_dir = path.is_dir()
    except OSError as exc:  # a name too long, for one
        raise OutputError(f"{path}: cannot write: {_why(exc)}") from None
    if is_dir:
        raise OutputError(f"{path}: is a folder; give a file name")
    prefix = "." + path.name.encode("utf-8")[:_TEMP_NAME_ROOM].decode("utf-8", "ignore") + "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {_why(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {_why(exc)}") from None
        raise
    return path
