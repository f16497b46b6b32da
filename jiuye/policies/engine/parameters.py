"""Dated policy parameters from YAML, with regional overrides by division-code prefix.

One file per policy (``jiuye/policies/parameters/<policy>.yaml``)::

    policy: unemployment_insurance_benefit
    subject: person            # whose situation the rules read: person | employer
    title: {zh: 失业保险金, en: Unemployment insurance benefit}
    references:                # the legal sources; each parameter names one of them
      - id: ui_regulation
        title: 《失业保险条例》（国务院令第258号）
        articles: 第十四条
        url: https://…
    parameters:
      min_contribution_months:
        reference: ui_regulation
        unit: month
        values:                # a value applies from its date until the next one (or its own `to`)
          - {from: 1999-01-22, value: 12}
        regional:              # division-code prefix → the same list; the longest prefix in force wins
          "43":
            - {from: 2024-01-01, value: 12, to_verify: "…"}

``to_verify`` (on a reference, a parameter or a value) marks what has not been checked against the
source document; such values are placeholders, shown as such to staff and the public.

A file with a missing reference, a bad date, overlapping date ranges or an unknown division is
rejected at load with :class:`ParameterError` naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
_DIVISION_RE = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")


class _Loader(yaml.SafeLoader):
    """Dates stay text until `_date` parses them, so a bad date is reported with its key."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class ParameterError(ValueError):
    def __init__(self, file: str, key: str, message: str):
        self.file, self.key, self.message = file, key, message
        super().__init__(f"{file}: {key}: {message}")


@dataclass(frozen=True)
class Dated:
    start: dt.date
    end: dt.date | None  # inclusive; None = until the next value
    value: object
    to_verify: str | None = None


@dataclass(frozen=True)
class Parameter:
    name: str
    reference: str
    unit: str | None
    description: dict
    national: tuple[Dated, ...]
    regional: dict[str, tuple[Dated, ...]]
    to_verify: str | None = None

    def entry_on(self, entries: tuple[Dated, ...], on: dt.date) -> Dated | None:
        found = None
        for i, e in enumerate(entries):
            if e.start > on:
                break
            end = e.end
            if end is None and i + 1 < len(entries):
                end = entries[i + 1].start - dt.timedelta(days=1)
            found = e if end is None or on <= end else None
        return found

    def entry(self, on: dt.date, division: str | None) -> Dated | None:
        """The value in force on `on` for `division`: the longest matching prefix with a value in force,
        else the national value. With the division unknown and an override in force somewhere, the
        value is unknown (None)."""
        if self.regional:
            if division:
                for prefix in sorted(self.regional, key=len, reverse=True):
                    if division.startswith(prefix):
                        e = self.entry_on(self.regional[prefix], on)
                        if e is not None:
                            return e
            elif any(self.entry_on(v, on) is not None for v in self.regional.values()):
                return None
        return self.entry_on(self.national, on)

    def value(self, on: dt.date, division: str | None):
        e = self.entry(on, division)
        return None if e is None else e.value

    def variants(self, on: dt.date, divisions: np.ndarray) -> tuple[np.ndarray, list]:
        """Vector form of `entry`: per row, an index into the list of distinct values in force (-1 unknown).

        `divisions` is the int64 column of 12-digit codes (0 = unknown). Prefixes are compared as
        integers (code // 10**(12 - len(prefix))), applied from the shortest to the longest so the
        longest wins."""
        values: list = []
        ids = np.full(len(divisions), -1, np.int64)
        nat = self.entry_on(self.national, on)
        if nat is not None:
            values.append(nat.value)
            ids[:] = 0
        active = [(p, self.entry_on(v, on)) for p, v in self.regional.items()]
        active = [(p, e) for p, e in active if e is not None]
        if active:
            ids[divisions == 0] = -1
            for prefix, e in sorted(active, key=lambda pe: len(pe[0])):
                values.append(e.value)
                ids[(divisions // 10 ** (12 - len(prefix))) == int(prefix)] = len(values) - 1
        return ids, values


@dataclass(frozen=True)
class PolicyParameters:
    policy: str
    subject: str
    file: str
    title: dict
    summary: dict
    payee: str
    references: dict[str, dict]
    parameters: dict[str, Parameter] = field(default_factory=dict)
    to_verify: str | None = None


def _date(v, file, key) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise ParameterError(file, key, f"expected a date YYYY-MM-DD, got {v!r}")


def _text(v, file, key, required=True) -> dict:
    if v is None and not required:
        return {}
    if not isinstance(v, dict) or not v.get("zh") or not v.get("en"):
        raise ParameterError(file, key, "expected {zh: …, en: …} with both languages")
    return {"zh": str(v["zh"]), "en": str(v["en"])}


def _kind(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return "set"
    if isinstance(v, list) and all(
        isinstance(x, list)
        and len(x) == 2
        and all(isinstance(y, int | float) and not isinstance(y, bool) for y in x)
        for x in v
    ):
        return "table"
    return "invalid"


def _stored_kind(v) -> str:
    """Kind of a value after parsing (sets are tuples of codes, tables lists of (threshold, value))."""
    if isinstance(v, tuple):
        return "set"
    if isinstance(v, list):
        return "table"
    return _kind(v)


def _entries(raw, file, key, allow_empty=False) -> tuple[Dated, ...]:
    if allow_empty and raw == []:
        return ()
    if not isinstance(raw, list) or not raw:
        raise ParameterError(file, key, "expected a non-empty list of {from: date, value: …}")
    out = []
    for i, item in enumerate(raw):
        k = f"{key}[{i}]"
        if not isinstance(item, dict):
            raise ParameterError(file, k, "expected {from: date, value: …}")
        unknown = set(item) - {"from", "to", "value", "to_verify", "note"}
        if unknown:
            raise ParameterError(file, f"{k}.{sorted(unknown)[0]}", "unknown key")
        if "from" not in item:
            raise ParameterError(file, f"{k}.from", "missing")
        if "value" not in item:
            raise ParameterError(file, f"{k}.value", "missing")
        start = _date(item["from"], file, f"{k}.from")
        end = _date(item["to"], file, f"{k}.to") if item.get("to") is not None else None
        if end is not None and end < start:
            raise ParameterError(file, f"{k}.to", f"ends ({end}) before it starts ({start})")
        value = item["value"]
        if _kind(value) == "invalid":
            raise ParameterError(
                file,
                f"{k}.value",
                f"expected a number, true/false, a list of codes or a table, got {value!r}",
            )
        if _kind(value) == "table":
            value = [tuple(map(float, row)) for row in value]
            if [r[0] for r in value] != sorted(r[0] for r in value):
                raise ParameterError(file, f"{k}.value", "table thresholds must increase")
        elif _kind(value) == "set":
            value = tuple(value)
        tv = item.get("to_verify")
        out.append(Dated(start, end, value, str(tv) if tv else None))
    out.sort(key=lambda e: e.start)
    if len({_stored_kind(e.value) for e in out}) > 1:
        raise ParameterError(file, key, "values of different kinds")
    for a, b in zip(out, out[1:], strict=False):
        if b.start == a.start or (a.end is not None and b.start <= a.end):
            raise ParameterError(
                file, key, f"date ranges overlap: {a.start}–{a.end or '…'} and from {b.start}"
            )
    return tuple(out)


def load_policy_file(path: Path, known_divisions=None) -> PolicyParameters:
    """Parse and validate one policy's YAML. `known_divisions`: codes the caller knows (e.g. from the
    Division table); without it, a code must be well formed and start with a real province code."""
    file = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ParameterError(file, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise ParameterError(file, "(file)", "expected a mapping at the top level")
    for key in ("policy", "subject", "title", "references", "parameters"):
        if key not in raw:
            raise ParameterError(file, key, "missing")
    policy = raw["policy"]
    if not isinstance(policy, str) or f"{policy}.yaml" != file:
        raise ParameterError(file, "policy", f"must equal the file name without .yaml, got {policy!r}")
    if raw["subject"] not in ("person", "employer"):
        raise ParameterError(file, "subject", "expected person or employer")
    payee = raw.get("payee", raw["subject"])
    if payee not in ("person", "employer"):
        raise ParameterError(file, "payee", "expected person or employer")
    refs: dict[str, dict] = {}
    if not isinstance(raw["references"], list) or not raw["references"]:
        raise ParameterError(file, "references", "expected a non-empty list")
    for i, ref in enumerate(raw["references"]):
        k = f"references[{i}]"
        if not isinstance(ref, dict):
            raise ParameterError(file, k, "expected a mapping")
        for req in ("id", "title"):
            if not ref.get(req):
                raise ParameterError(file, f"{k}.{req}", "missing")
        if not ref.get("url") and not ref.get("to_verify"):
            raise ParameterError(
                file, f"{k}.url", "missing (give the source URL, or to_verify saying why not)"
            )
        refs[ref["id"]] = dict(ref)
    if not isinstance(raw["parameters"], dict):
        raise ParameterError(file, "parameters", "expected a mapping of name → parameter")
    params: dict[str, Parameter] = {}
    for name, spec in raw["parameters"].items():
        k = f"parameters.{name}"
        if not isinstance(spec, dict):
            raise ParameterError(file, k, "expected a mapping")
        ref = spec.get("reference")
        if not ref:
            raise ParameterError(file, f"{k}.reference", "missing: every parameter names its legal reference")
        if ref not in refs:
            raise ParameterError(
                file, f"{k}.reference", f"{ref!r} is not one of the references ({', '.join(refs)})"
            )
        if "values" not in spec:
            raise ParameterError(file, f"{k}.values", "missing")
        # `values: []` says "no national figure: set locally" and then needs regional values.
        national = _entries(spec["values"], file, f"{k}.values", allow_empty=bool(spec.get("regional")))
        regional: dict[str, tuple[Dated, ...]] = {}
        for code, entries in (spec.get("regional") or {}).items():
            code = str(code)
            rk = f"{k}.regional.{code}"
            if not _DIVISION_RE.match(code) or code[:2] not in PROVINCE_CODES:
                raise ParameterError(file, rk, f"unknown division {code!r}")
            if known_divisions is not None and code not in known_divisions:
                raise ParameterError(file, rk, f"unknown division {code!r}")
            regional[code] = _entries(entries, file, rk)
            if len({_stored_kind(e.value) for e in national + regional[code]}) > 1:
                raise ParameterError(
                    file, rk, "regional values are not of the same kind as the national ones"
                )
        tv = spec.get("to_verify")
        params[name] = Parameter(
            name=name,
            reference=ref,
            unit=spec.get("unit"),
            description=_text(spec.get("description"), file, f"{k}.description", required=False),
            national=national,
            regional=regional,
            to_verify=str(tv) if tv else None,
        )
    tv = raw.get("to_verify")
    return PolicyParameters(
        policy=policy,
        subject=raw["subject"],
        file=file,
        title=_text(raw["title"], file, "title"),
        summary=_text(raw.get("summary"), file, "summary", required=False),
        payee=payee,
        references=refs,
        parameters=params,
        to_verify=str(tv) if tv else None,
    )


def load_parameters(directory: Path, known_divisions=None) -> dict[str, PolicyParameters]:
    out = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        p = load_policy_file(path, known_divisions)
        out[p.policy] = p
    return out


def as_number(v) -> float:
    if v is None:
        return math.nan
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    return float(v)
