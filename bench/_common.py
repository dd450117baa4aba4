"""What the bench scripts share: the machine's description and Reuters-21578 bodies from ../shared."""
from __future__ import annotations

import html
import os
import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "data" / "reuters21578"
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def machine_line() -> str:
    return (f"{platform.platform()} | {cpu_model()} | {usable_cores()} usable cores | "
            f"Python {platform.python_version()} ({platform.python_implementation()})")


def reuters_bodies(limit_chars: int | None = None) -> list[str]:
    """Whole <BODY> texts (Latin-1, entities unescaped) in file order, until at least limit_chars;
    [] when ../shared is absent."""
    bodies: list[str] = []
    total = 0
    for f in sorted(REUTERS.glob("*.sgm")):
        for m in _BODY.finditer(f.read_text(encoding="latin-1")):
            bodies.append(html.unescape(m.group(1)))
            total += len(bodies[-1])
            if limit_chars is not None and total >= limit_chars:
                return bodies
    return bodies
