"""The print log: one CSV line per print (``prints.csv``), and its sums.

The log holds what was printed, never for whom: the time, the file (its
path in the build folder), the edition's fingerprint, the language, the
layout and the number of copies. Each print appends one line, written in one
``write`` to a file opened for appending (a lock keeps two servers'
lines and the header apart), then flushed to disk.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutsError, Problem

LOG_NAME = "prints.csv"
HEADER = ("time", "file", "fingerprint", "language", "layout", "copies")
MAX_COPIES = 50
LOG_LIMIT = 256 * 1024 * 1024

_LOCK = threading.Lock()


def count_of(text: str) -> int | None:
    """``text`` as a number of copies (1 to 50, ASCII digits), else None."""
    if not re.fullmatch(r"[0-9]{1,3}", text) or not 1 <= int(text) <= MAX_COPIES:
        return None
    return int(text)


def _line(fields) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def _clean(value: str) -> str:
    # One line per print, whatever a manifest holds: no line breaks in a field.
    return " ".join(str(value).split())


def append_print(log: Path, file: str, fingerprint: str, language: str, layout: str,
                 copies: int, when: dt.datetime | None = None) -> None:
    """Append one print to ``log`` (with the header first if the log is new
    or empty). Raises ``OSError`` if it cannot be written."""
    when = when or dt.datetime.now().astimezone()
    row = _line([when.isoformat(timespec="seconds"), _clean(file), _clean(fingerprint),
                 _clean(language), _clean(layout), str(int(copies))])
    with _LOCK:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - not POSIX
                fcntl = None
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            text = row if os.fstat(fd).st_size else _line(HEADER) + row
            data = text.encode("utf-8")
            written = os.write(fd, data)
            if written != len(data):  # pragma: no cover - a full disk
                raise OSError(f"only {written} of {len(data)} bytes written")
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Print:
    """One line of the log, read back."""

    line: int
    time: dt.datetime
    file: str
    fingerprint: str
    language: str
    layout: str
    copies: int

    @property
    def month(self) -> str:
        return self.time.strftime("%Y-%m")


class BadLog(HandoutsError):
    """A malformed print log: ``FILE:LINE: problem``, exit 2."""

    exit_code = 2

    def __init__(self, file: Path, line: int | None, message: str):
        super().__init__(str(Problem(str(file), line, "", message)))


def read_log(log: Path) -> list[Print]:
    """Every print in ``log``; raises :class:`BadLog` at the first malformed
    line."""
    from ..errors import InvalidInput
    from ..inputs.files import read_text

    try:
        text = read_text(log, "print log", LOG_LIMIT)
    except InvalidInput as exc:
        raise BadLog(log, None, exc.problems[0].message) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    prints: list[Print] = []
    try:
        first = next(reader, None)
        if first is None:
            return []
        if tuple(first) != HEADER:
            raise BadLog(log, 1, f"not a print log: the first line must be {','.join(HEADER)}")
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(HEADER):
                raise BadLog(log, line, f"{len(row)} fields; a print has {len(HEADER)} "
                                        f"({','.join(HEADER)})")
            time, file, fingerprint, language, layout, copies = row
            try:
                when = dt.datetime.fromisoformat(time)
            except ValueError:
                raise BadLog(log, line, f"time: '{time}' is not a date and time "
                                        "(YYYY-MM-DDTHH:MM:SS)") from None
            if not file.strip():
                raise BadLog(log, line, "file: empty")
            if not language.strip():
                raise BadLog(log, line, "language: empty")
            if not count_of(copies):
                raise BadLog(log, line, f"copies: '{copies}' is not a number from 1 to "
                                        f"{MAX_COPIES}")
            prints.append(Print(line, when, file, fingerprint, language, layout, int(copies)))
    except csv.Error as exc:
        raise BadLog(log, reader.line_num, f"not CSV: {exc}") from None
    return prints


def summary(prints: list[Print]) -> list[tuple[str, str, str, int, int]]:
    """(month, file, language, copies, prints) for each handout, language
    and month, in month order, then by file and language."""
    sums: dict[tuple[str, str, str], list[int]] = {}
    for p in prints:
        total = sums.setdefault((p.month, p.file, p.language), [0, 0])
        total[0] += p.copies
        total[1] += 1
    return [(m, f, lang, c, n) for (m, f, lang), (c, n) in sorted(sums.items())]


def table(rows: list[tuple[str, str, str, int, int]]) -> str:
    """``rows`` as a plain table with a header and a total line."""
    head = ("month", "handout", "language", "copies", "prints")
    body = [(m, f, lang, str(c), str(n)) for m, f, lang, c, n in rows]
    total = ("total", "", "", str(sum(r[3] for r in rows)), str(sum(r[4] for r in rows)))
    widths = [max(len(r[i]) for r in (head, *body, total)) for i in range(len(head))]

    def fmt(r) -> str:
        cells = [r[i].ljust(widths[i]) if i < 3 else r[i].rjust(widths[i]) for i in range(5)]
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(head), *(fmt(r) for r in body), fmt(total)])
