"""Trained artefacts under var/ (screening models, the English occupation coder), loaded once per process."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def load_once(slot: dict[str, Any], setting: str, default_path: Path, load, what: str, without: str):
    """A trained artefact, loaded once per process on first use from `settings.<setting>` (default: where its
    builder saves it; "" turns it off). None when it has not been built or cannot be read: the caller then works
    without it, and the log says so once. Never built here: a request must not wait for a training run."""
    from django.conf import settings

    path = getattr(settings, setting, None)
    path = str(default_path if path is None else path)
    if slot.get("path") != path:
        slot["path"], slot["model"] = path, None
        try:
            if path and Path(path).is_file():
                slot["model"] = load(path)
        except Exception as exc:  # a missing dependency or an unreadable file: go on without it
            log.warning("%s model not available (%s): %s", what, type(exc).__name__, without)
        else:
            if slot["model"] is None:
                log.warning("%s model %s: %s", what, "turned off" if not path else "not trained", without)
    return slot["model"]
