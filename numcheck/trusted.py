"""Making pydantic models from fields numcheck's own code made, without validating them again.

A module of its own so that setup.py compiles it with the extractor: the extractor makes a Mention per
number, and the maker interpreted cost more than the dict it fills.

Each model's instances share one table of field names (CPython's key-sharing dicts, as instances of a
plain class get): a claim and its mention then hold 296 bytes of fields each instead of 464-632, 0.5 KB a
claim of what a run keeps in memory (0.25 GB on 100 MB of news).
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
    shared = _key_sharing(model, [name for name, _ in defaults])

    def make(fields: dict) -> Any:
        if len(fields) != n_fields:
            fields = {name: fields[name] if name in fields else default for name, default in defaults}
        if shared is not None:
            values = shared.copy()  # a copy shares the names' table; setting its known names keeps it shared
            values.update(fields)
            if len(values) != n_fields:
                raise KeyError(f"not fields of {getattr(model, '__name__', model)}: {sorted(set(values) - set(shared))}")
            fields = values
        obj: Any = _new(model)
        _put(obj, "__dict__", fields)
        _put(obj, "__pydantic_fields_set__", fields_set)
        _put(obj, "__pydantic_extra__", None)
        _put(obj, "__pydantic_private__", None)
        return obj

    return make


def _key_sharing(model: type, names: list[str]) -> Any:
    """An instance dict of ``model`` that shares its table of ``names`` (in field order) with the model's
    other instances, or None where this Python makes no such dict (then each instance has its own)."""
    import sys

    obj: Any = _new(model)
    for name in names:  # set one by one, as a plain object's attributes are, the dict is made key-sharing
        _put(obj, name, None)
    values: dict = obj.__dict__
    plain = {name: None for name in names}  # built key by key (a copy of ``values`` would share its table)
    if list(values) != names or sys.getsizeof(values) >= sys.getsizeof(plain):
        return None
    return values
