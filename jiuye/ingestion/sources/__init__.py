"""Department source adapters, one package per department (`<department>/adapter.py` registers them).

`load_all()` imports every package listed in DEPARTMENTS so `base.REGISTRY` knows all sources; the
pipeline, the command and the web pages call it before looking an adapter up. To add a department,
add its package name here.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

DEPARTMENTS = (
    "human_resources",
    "social_insurance",
    "tax",
    "market_supervision",
    "education",
    "civil_affairs",
    "public_security",
    "veterans_affairs",
)

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for department in DEPARTMENTS:
        package = f"{__name__}.{department}"
        if find_spec(package) is None:
            continue  # not written yet
        import_module(package)
        if find_spec(f"{package}.adapter") is not None:
            import_module(f"{package}.adapter")
    _loaded = True
