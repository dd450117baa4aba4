"""Making pydantic models from fields numcheck's own code made, without validating them again.

A module of its own so that setup.py compiles it with the extractor: the extractor makes a Mention per
number, and the maker interpreted cost more than the dict it fills.
"""
from __future__ import annotations

from typing import Any, Callable

_new, _put = object.__new__, object.__setattr__


def trusted(model: type, fields_set: set[str]) -> Callable[[dict], Any]:
    """A maker of ``model`` instances from a dict of every field, in field order and of the field's
    type, without validating it: for fields numcheck's own code made (extraction, the cache, the
    snapshot), where validation would only repeat itself (a third of the time spent making them).
    ``fields_set`` is ``set(model.model_fields)``, shared by all. Each caller's test checks that what it
    makes equals the validated model, field for field and type for type. A caller written before a field
    with a default was added (one dict short) gets that default, in field order."""
    n_fields = len(fields_set)
    defaults = [(name, info.default) for name, info in getattr(model, "model_fields").items()] if n_fields else []

    def make(fields: dict) -> Any:
        if len(fields) != n_fields:
            fields = {name: fields[name] if name in fields else default for name, default in defaults}
        obj: Any = _new(model)
        _put(obj, "__dict__", fields)
        _put(obj, "__pydantic_fields_set__", fields_set)
        _put(obj, "__pydantic_extra__", None)
        _put(obj, "__pydantic_private__", None)
        return obj

    return make
