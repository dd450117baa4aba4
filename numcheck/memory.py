"""Giving memory back to the system between the stages of a large run."""
from __future__ import annotations

import sys


def give_back() -> None:
    """Return the memory freed so far to the system (glibc's malloc_trim; elsewhere nothing). What a stage
    frees otherwise stays in the process's heap, and the next stage's peak adds to it: 0.2 GB after story
    grouping on 100 MB of news."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # another C library (musl)
            pass
