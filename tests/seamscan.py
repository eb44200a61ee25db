"""Finds every reach into a library's internals outside ``handouts/libs/``
(see :mod:`handouts.libs`), by reading the source (``ast``):

- a private module or name imported from a library (``_digester``);
- a private attribute used (``canv._code``, ``getattr(x, "_smask")``), or a
  library's own double-underscore name (``page.__NoDefault__``); ``self._x``
  counts in a class that extends a library's class unless the class sets
  ``_x`` itself;
- a library's private method overridden (``def _textOut``);
- a library's module or class attribute replaced or deleted
  (``pdfdoc.zlib = ...``, ``setattr(pdfdoc, ...)``);
- ``re.compile`` replaced; a module loaded from its file
  (``spec_from_file_location``, ``module_from_spec``, ``exec_module``).

Python's own names (``__dict__``, ``_replace``, ``os._exit``) are not
reaches."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

# Import names of the libraries whose internals only the seam may touch.
LIBRARIES = frozenset({"reportlab", "pptx", "yaml", "lxml", "svglib", "babel", "PIL",
                       "rl_accel", "_rl_accel", "pyphen"})
STDLIB_UNDERSCORE = frozenset({"_replace", "_asdict", "_fields", "_make", "_exit"})
FORBIDDEN_CALLS = frozenset({"spec_from_file_location", "module_from_spec", "exec_module"})


def _private(name: str) -> bool:
    """A private name, or a library's own ``__Name__`` (Python's own
    double-underscore names are all lower case)."""
    if name.startswith("__") and name.endswith("__"):
        return name != name.lower()
    return name.startswith("_")


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


def scan_source(source: str, filename: str = "<source>") -> list[str]:
    tree = ast.parse(source, filename)
    found: list[str] = []
    lib_names: set[str] = set()

    def flag(node, what):
        found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split(".")[0]
                if top in LIBRARIES:
                    lib_names.add((a.asname or a.name).split(".")[0])
                    if any(_private(p) for p in a.name.split(".")):
                        flag(node, f"imports private module {a.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            if top in LIBRARIES:
                if any(_private(p) for p in node.module.split(".")):
                    flag(node, f"imports from private module {node.module}")
                for a in node.names:
                    lib_names.add(a.asname or a.name)
                    if _private(a.name):
                        flag(node, f"imports private name {a.name} from {node.module}")

    # Classes that extend a library's class, and the attributes they set themselves.
    lib_classes: dict[ast.ClassDef, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_root(b) in lib_names for b in node.bases):
            own = set()
            for sub in ast.walk(node):
                if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store) \
                        and isinstance(sub.value, ast.Name) and sub.value.id == "self":
                    own.add(sub.attr)
                elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    if _private(sub.name) and sub in node.body:
                        flag(sub, f"overrides {sub.name} of a library class")
                elif isinstance(sub, ast.Assign):
                    for t in sub.targets:
                        if isinstance(t, ast.Name):
                            own.add(t.id)
                elif isinstance(sub, ast.AnnAssign) and isinstance(sub.target, ast.Name):
                    own.add(sub.target.id)
            lib_classes[node] = own

    def own_attr(node, attr):
        for cls, own in lib_classes.items():
            if cls.lineno <= node.lineno <= (cls.end_lineno or cls.lineno):
                return attr in own
        return True  # self in a class of ours

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if _private(node.attr) and node.attr not in STDLIB_UNDERSCORE:
                base = node.value
                if isinstance(base, ast.Name) and base.id in ("self", "cls"):
                    if not own_attr(node, node.attr):
                        flag(node, f"uses a library class's private attribute self.{node.attr}")
                else:
                    flag(node, f"uses private attribute .{node.attr}")
            if isinstance(node.ctx, (ast.Store, ast.Del)) and _root(node) in lib_names:
                flag(node, f"replaces or deletes {ast.unparse(node)} in a library")
            if node.attr in FORBIDDEN_CALLS:
                flag(node, f"loads a module outside its package ({node.attr})")
            if isinstance(node.ctx, ast.Store) and ast.unparse(node) == "re.compile":
                flag(node, "replaces re.compile")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            fn = node.func.id
            if fn in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2:
                key = node.args[1]
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and _private(key.value):
                    flag(node, f"{fn}(..., {key.value!r})")
                if fn in ("setattr", "delattr") and _root(node.args[0]) in lib_names:
                    flag(node, f"{fn} on a library object")
            if fn in FORBIDDEN_CALLS:
                flag(node, f"loads a module outside its package ({fn})")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("importlib"):
            for a in node.names:
                if a.name in FORBIDDEN_CALLS:
                    flag(node, f"imports {a.name}")
    return found


def scan_tree(root: Path, seam: str = "handouts/libs") -> list[str]:
    out = []
    files = sorted((root / "handouts").rglob("*.py")) + [root / "cli.py"]
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(seam + "/"):
            continue
        out += scan_source(path.read_text(encoding="utf-8"), rel)
    return out


if __name__ == "__main__":
    for line in scan_tree(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(line)
