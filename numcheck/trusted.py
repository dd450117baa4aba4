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
    makes equals the validated model, field for field and type for type."""

    def make(fields: dict) -> Any:
        obj: Any = _new(model)
        _put(obj, "__dict__", fields)
        _put(obj, "__pydantic_fields_set__", fields_set)
        _put(obj, "__pydantic_extra__", None)
        _put(obj, "__pydantic_private__", None)
        return obj

    return make
