"""Turn pydantic validation errors into located, human-readable problems."""
from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InvalidInput, Problem
from .yamlfile import LocatedYaml

_MESSAGES = {
    "missing": "missing required key",
    "string_type": "must be text",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping of keys",
    "model_type": "must be a mapping of keys",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "date_from_datetime_parsing": "must be a date like 2026-11-25",
    "date_parsing": "must be a date like 2026-11-25",
    "date_type": "must be a date like 2026-11-25",
}


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class that owns the mapping at ``loc``, if known."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def message(err: dict[str, Any], model: type[BaseModel]) -> str:
    """One pydantic error as a user reads it (no location)."""
    kind = err["type"]
    loc = tuple(err["loc"])
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        msg = "unknown key"
        if parent is not None:
            close = difflib.get_close_matches(str(loc[-1]), list(parent.model_fields), n=1)
            if close:
                msg += f"; did you mean '{close[0]}'?"
            else:
                msg += f"; known keys: {', '.join(parent.model_fields)}"
        return msg
    if kind.startswith("date_") and isinstance(err.get("input"), str):
        return f"'{err['input']}' is not a date; write it like 2026-11-25"
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if kind == "too_short":
        ctx = err.get("ctx", {})
        return f"needs at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length')}"
    if kind == "string_too_long":
        return f"is too long: at most {err.get('ctx', {}).get('max_length')} characters"
    if kind == "too_long":
        ctx = err.get("ctx", {})
        return f"allows at most {ctx.get('max_length')} item(s), found {ctx.get('actual_length')}"
    return err["msg"][0].lower() + err["msg"][1:]


def validate(model: type[BaseModel], doc: LocatedYaml, extra: dict[str, Any] | None = None):
    """Validate ``doc.data`` against ``model`` and return the model instance.

    ``extra`` is passed as pydantic validation context. Raises
    :class:`InvalidInput` listing every problem, each with its line.
    """
    try:
        return model.model_validate(doc.data, context=extra or {})
    except ValidationError as exc:
        problems = []
        seen = set()
        errors = exc.errors()
        item_locs = {tuple(e["loc"][:-1]) for e in errors if e["loc"]}
        for err in errors:
            if err["type"] == "too_short" and any(
                loc[: len(err["loc"])] == tuple(err["loc"]) for loc in item_locs
            ):
                continue  # the items themselves are wrong; say that, not "too few"
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            prob = doc.problem(loc, message(err, model))
            if (prob.line, prob.key, prob.message) not in seen:
                seen.add((prob.line, prob.key, prob.message))
                problems.append(prob)
        raise InvalidInput(problems) from None


def raise_if(problems: list[Problem]) -> None:
    """Raise :class:`InvalidInput` when ``problems`` is not empty."""
    if problems:
        raise InvalidInput(problems)
