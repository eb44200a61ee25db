"""Safe YAML reading that remembers where every key and item came from."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InvalidInput, Problem

Loc = tuple[Any, ...]
# libyaml's safe loader when PyYAML was built with it (the wheels are), else
# the pure-Python one. Both construct only plain data: never Python objects.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedYaml:
    """Parsed YAML data plus the 1-based line of every key path in it.

    ``lines`` maps a key path such as ``("conditions", 2, "title")`` to the
    line where that key (or sequence item) starts. :meth:`line` falls back to
    the nearest enclosing path, so a missing key reports its parent's line.
    """

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line(self, loc: Loc) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)

    def problem(self, loc: Loc, message: str) -> Problem:
        """A :class:`Problem` at ``loc`` (a key path) in this file."""
        return Problem(str(self.path), self.line(loc), dotted(loc), message)


def dotted(loc: Loc) -> str:
    """``("conditions", 2, "title")`` -> ``"conditions[2].title"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (key_node.value,)
            lines.setdefault(loc + key, key_node.start_mark.line + 1)
            _walk(value_node, loc + key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[loc + (i,)] = item.start_mark.line + 1
            _walk(item, loc + (i,), lines)


def read_text(path: Path, what: str) -> str:
    """Return the UTF-8 text of ``path`` or raise :class:`InvalidInput`."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput([Problem(str(path), None, "", f"{what} file not found")]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(str(path), None, "", f"{what} file is a folder")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            [Problem(str(path), None, "", f"not UTF-8 text (byte {exc.start})")]
        ) from None
    except OSError as exc:
        raise InvalidInput([Problem(str(path), None, "", exc.strerror or str(exc))]) from None


def load(path: Path, what: str) -> LocatedYaml:
    """Read ``path`` as YAML with the safe loader.

    Raises :class:`InvalidInput` naming the file and line for unreadable files,
    YAML syntax errors, and documents whose top level is not a mapping.
    """
    text = read_text(path, what)
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = f"invalid YAML: {exc.problem or exc.context}"
        raise InvalidInput([Problem(str(path), line, "", msg)]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(str(path), None, "", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InvalidInput(
            [Problem(str(path), 1, "", f"the {what} file must be a YAML mapping of keys")]
        )
    lines: dict[Loc, int] = {(): 1}
    _walk(node, (), lines)
    return LocatedYaml(path, data, lines)
