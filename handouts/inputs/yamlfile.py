"""Safe YAML reading that remembers where every key and item came from."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InvalidInput, Problem
from .files import read_text

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


MAX_NODES = 100_000  # values in a file once aliases are expanded
MAX_DEPTH = 64  # levels of nesting


class _Loader(_SafeLoader):
    """The safe loader, with dates left as text: pydantic parses them, so a
    date that does not exist (2026-02-30) is a located problem, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()}


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_size(root: yaml.Node, path: Path) -> None:
    """Refuse a document whose aliases expand it past :data:`MAX_NODES`
    values (a "billion laughs"), that refers to itself, or that nests past
    :data:`MAX_DEPTH`. Runs in time linear in the file, before anything is
    expanded."""
    size: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            if size[key] > MAX_NODES:
                raise InvalidInput([Problem(str(path), line, "", (
                    f"this file holds over {MAX_NODES:,} values once its aliases are "
                    "expanded; write the values out instead"))])
            continue
        if key in size:
            continue
        if key in open_:
            raise InvalidInput([Problem(str(path), line, "", "an alias refers to itself")])
        if depth > MAX_DEPTH:
            raise InvalidInput([Problem(str(path), line, "",
                                        f"nested more than {MAX_DEPTH} levels deep")])
        open_.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node) if id(c) not in size)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[Problem],
          path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name is not None and name in seen:
                problems.append(Problem(str(path), line, dotted(loc + (name,)),
                                        f"duplicate key (first on line {seen[name]}); "
                                        "keep one"))
                continue
            if name is not None:
                seen[name] = line
            key = (name,)
            lines.setdefault(loc + key, line)
            _walk(value_node, loc + key, lines, problems, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[loc + (i,)] = item.start_mark.line + 1
            _walk(item, loc + (i,), lines, problems, path)


def load(path: Path, what: str) -> LocatedYaml:
    """Read ``path`` as YAML with the safe loader, completely and within bounds.

    Raises :class:`InvalidInput` naming the file and line for unreadable,
    oversized or non-regular files, YAML syntax errors, alias bombs, keys
    given twice, and documents whose top level is not a mapping.
    """
    text = read_text(path, what)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, path)
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
    problems: list[Problem] = []
    _walk(node, (), lines, problems, path)
    if problems:
        raise InvalidInput(problems)
    return LocatedYaml(path, data, lines)
