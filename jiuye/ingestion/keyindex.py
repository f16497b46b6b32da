"""Natural keys already seen in the file being imported, kept on disk so memory stays flat.

Pure (standard-library sqlite3 in a temporary file). A 5-million-row file would need hundreds of
megabytes as a Python dict; here each batch costs one lookup and one insert.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable


class KeyIndex:
    CHUNK = 500

    def __init__(self) -> None:
        fd, self.path = tempfile.mkstemp(prefix="jiuye-keys-", suffix=".sqlite3")
        os.close(fd)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE seen (k BLOB PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")

    @staticmethod
    def digest(key: str) -> bytes:
        return hashlib.blake2b(key.encode(), digest_size=16).digest()

    def lookup(self, keys: Iterable[str]) -> dict[str, int]:
        """The row number where each key was first seen, for the keys already in the index."""
        wanted = {self.digest(k): k for k in keys}
        found: dict[str, int] = {}
        digests = list(wanted)
        for i in range(0, len(digests), self.CHUNK):
            part = digests[i : i + self.CHUNK]
            marks = ",".join("?" * len(part))
            for k, n in self.db.execute(f"SELECT k, n FROM seen WHERE k IN ({marks})", part):  # noqa: S608
                found[wanted[k]] = n
        return found

    def add(self, first_seen: dict[str, int]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO seen (k, n) VALUES (?, ?)",
            ((self.digest(k), n) for k, n in first_seen.items()),
        )

    def close(self) -> None:
        self.db.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def __enter__(self) -> KeyIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
