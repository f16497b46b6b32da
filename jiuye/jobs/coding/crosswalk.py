"""O*NET-SOC → 大典 2022 crosswalk, so English titles reach 大典 through the SOC coder (pure: no Django).

No official crosswalk is in the reference data (O*NET has no ISCO column, ESCO stops at ISCO, the 大典 list has
neither), so `data/soc_dadian.csv` was written for jiuye by reading both classifications: every one of the 1,016
O*NET-SOC occupations has a row with the 细类 a Chinese caseworker would choose for a job advertised under it, its
relation (equivalent, broader, narrower, partial, none) and, where jobs under the SOC code are commonly split
between two 细类, a second one. See data/README.md for who wrote it and how it was checked.

A SOC code's vote goes to its 细类 with weight 1, or split PRIMARY_SHARE / 1 − PRIMARY_SHARE when there is a second
细类; `relation = none` rows pass nothing on (the title then has fewer votes and a lower confidence).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .engine import Coder, pool

DEFAULT_PATH = Path(__file__).with_name("data") / "soc_dadian.csv"
RELATIONS = ("equivalent", "broader", "narrower", "partial", "none")
PRIMARY_SHARE = 0.7
FIELDS = ["soc_code", "soc_title", "dadian_code", "dadian_name", "relation", "alt_dadian_code", "note"]


class CrosswalkError(ValueError):
    """A row of the crosswalk file is malformed; the message names the line and the field."""


@dataclass(frozen=True)
class Link:
    soc_code: str
    dadian_code: str
    relation: str
    alt_dadian_code: str = ""


class Crosswalk:
    """`targets(soc_code)` → [(大典 细类, weight)]; `names` and `level_of` are the 大典 side's."""

    def __init__(self, links: dict[str, Link], names: dict[str, str], level_of):
        self.links = links
        self.names = names
        self.level_of = level_of

    def targets(self, soc_code: str) -> list[tuple[str, float]]:
        link = self.links.get(soc_code)
        if link is None or not link.dadian_code:
            return []
        if link.alt_dadian_code:
            return [(link.dadian_code, PRIMARY_SHARE), (link.alt_dadian_code, 1.0 - PRIMARY_SHARE)]
        return [(link.dadian_code, 1.0)]

    def carry(self, coder: Coder, title: str) -> tuple[dict[str, float], dict[str, float]]:
        """The SOC coder's detailed votes for a title (and best similarities), moved onto 大典 细类."""
        votes, best = coder.votes(title)
        return pool(votes, best, self.targets)


def read_crosswalk(
    path: Path | str = DEFAULT_PATH, soc_codes: set[str] | None = None, dadian_leaves: set[str] | None = None
) -> dict[str, Link]:
    """Rows of the crosswalk file, checked: the header, known relations, one row per SOC code, a 大典 code unless the
    relation is `none`, and (when given) SOC codes and 大典 细类 that exist. Raises CrosswalkError naming the line."""
    links: dict[str, Link] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != FIELDS:
            raise CrosswalkError(f"{path}: header must be {','.join(FIELDS)}")
        for line, row in enumerate(reader, start=2):
            soc, relation = row["soc_code"].strip(), row["relation"].strip()
            dadian, alt = row["dadian_code"].strip(), (row["alt_dadian_code"] or "").strip()
            where = f"{Path(path).name} line {line}"
            if relation not in RELATIONS:
                raise CrosswalkError(f"{where}: relation {relation!r} is not one of {', '.join(RELATIONS)}")
            if soc in links:
                raise CrosswalkError(f"{where}: soc_code {soc} appears twice")
            if soc_codes is not None and soc not in soc_codes:
                raise CrosswalkError(f"{where}: soc_code {soc} is not an O*NET-SOC occupation")
            if (relation == "none") != (not dadian):
                raise CrosswalkError(f"{where}: dadian_code must be empty exactly when relation is none")
            for field, code in (("dadian_code", dadian), ("alt_dadian_code", alt)):
                if code and dadian_leaves is not None and code not in dadian_leaves:
                    raise CrosswalkError(f"{where}: {field} {code} is not a 大典 2022 细类")
            links[soc] = Link(soc, dadian, relation, alt if alt != dadian else "")
    return links
