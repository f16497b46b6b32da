"""The early-warning thresholds as dated parameters (YAML).

One file holds every rule (``jiuye/monitoring/early_warning/parameters/warning_rules.yaml``)::

    references:                      # where a threshold comes from
      sahm_fred: {title: "…", url: "…"}
    rules:
      sahm:
        family: regional             # regional | enterprise | leading
        name: {zh: 萨姆规则, en: Sahm rule}
        versions:                    # each applies from its valid_from until the next one
          - valid_from: 2019-01-01
            source: sahm_fred        # a key of references
            reason: "why this value"
            indicator: registered_unemployment_rate
            window: 3
            lookback: 12
            thresholds: {blue: 0.3, yellow: 0.5, orange: 0.8, red: 1.0}
    checklist:                       # the response checklist per level (cumulative: red includes orange…)
      blue:
        - {code: verify_data, zh: 核实数据, en: Verify the data}

A missing or unknown key, a bad date, versions out of date order, thresholds that are not numbers or do not
rise from blue to red, an unknown source — each is a :class:`WarningParameterError` naming the file and the
key (``rules.sahm.versions[1].thresholds.red``), and nothing is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .levels import WARNING_LEVELS

FAMILIES = ("regional", "enterprise", "leading")

# The settings each rule takes besides valid_from/source/reason/thresholds: name → (type, required).
RULE_SETTINGS: dict[str, dict[str, tuple[type, bool]]] = {
    "sahm": {
        "indicator": (str, True),
        "window": (int, True),
        "lookback": (int, True),
        "min_unemployed": (int, False),
    },
    "michaillat_saez": {
        "unemployment_indicator": (str, True),
        "vacancy_indicator": (str, True),
        "window": (int, True),
        "lookback": (int, True),
        "min_unemployed": (int, False),
    },
    "enterprise": {"fall_share_thresholds": (dict, True), "min_workforce": (int, True)},
    "postings_drop": {"lookback": (int, True), "min_history": (int, True), "min_count": (int, True)},
    "registrations_rise": {"lookback": (int, True), "min_history": (int, True), "min_count": (int, True)},
    "benefit_claims_rise": {"lookback": (int, True), "min_history": (int, True), "min_count": (int, True)},
}
_BASE_KEYS = {"valid_from", "source", "reason", "thresholds"}


class _Loader(yaml.SafeLoader):
    """Dates stay text until `_date` parses them, so a bad date is reported with its key."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class WarningParameterError(ValueError):
    def __init__(self, file: str, key: str, message: str):
        self.file, self.key, self.message = file, key, message
        super().__init__(f"{file}: {key}: {message}")


@dataclass(frozen=True)
class Version:
    valid_from: dt.date
    source: str
    reason: str
    thresholds: dict[str, float]
    settings: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "source": self.source,
            "reason": self.reason,
            "thresholds": dict(self.thresholds),
            **self.settings,
        }


@dataclass(frozen=True)
class RuleSpec:
    code: str
    family: str
    name: dict[str, str]
    versions: tuple[Version, ...]

    def on(self, day: dt.date) -> Version | None:
        """The version in force on `day` (None before the first)."""
        found = None
        for v in self.versions:
            if v.valid_from <= day:
                found = v
        return found


@dataclass(frozen=True)
class ChecklistEntry:
    code: str
    level: str
    text: dict[str, str]


@dataclass(frozen=True)
class WarningParameters:
    file: str
    references: dict[str, dict]
    rules: dict[str, RuleSpec]
    checklist: tuple[ChecklistEntry, ...] = field(default_factory=tuple)

    def checklist_up_to(self, level: str) -> list[ChecklistEntry]:
        """The checklist items of `level` and every less severe level, in order."""
        if level not in WARNING_LEVELS:
            return []
        allowed = WARNING_LEVELS[: WARNING_LEVELS.index(level) + 1]
        return [c for c in self.checklist if c.level in allowed]


def _date(v: Any, file: str, key: str) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise WarningParameterError(file, key, f"expected a date YYYY-MM-DD, got {v!r}")


def _text(v: Any, file: str, key: str) -> dict[str, str]:
    if not isinstance(v, dict) or not v.get("zh") or not v.get("en"):
        raise WarningParameterError(file, key, "expected {zh: …, en: …} with both languages")
    return {"zh": str(v["zh"]), "en": str(v["en"])}


def _number(v: Any, file: str, key: str) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise WarningParameterError(file, key, f"expected a number, got {v!r}")
    return float(v)


def _thresholds(v: Any, file: str, key: str) -> dict[str, float]:
    if not isinstance(v, dict) or not v:
        raise WarningParameterError(
            file, key, "expected {blue: n, yellow: n, orange: n, red: n} (at least one)"
        )
    out: dict[str, float] = {}
    for level, limit in v.items():
        if level not in WARNING_LEVELS:
            raise WarningParameterError(
                file, f"{key}.{level}", f"unknown level; expected one of {', '.join(WARNING_LEVELS)}"
            )
        out[level] = _number(limit, file, f"{key}.{level}")
    ordered = [(lv, out[lv]) for lv in WARNING_LEVELS if lv in out]
    for (lo, a), (hi, b) in zip(ordered, ordered[1:], strict=False):
        if not b > a:
            raise WarningParameterError(
                file, f"{key}.{hi}", f"must be above {lo} ({a:g}): levels rise from blue to red, got {b:g}"
            )
    return out


def _version(raw: Any, rule: str, references: dict, file: str, key: str) -> Version:
    if not isinstance(raw, dict):
        raise WarningParameterError(
            file, key, "expected a mapping with valid_from, source, reason, thresholds"
        )
    allowed = RULE_SETTINGS[rule]
    for k in raw:
        if k not in _BASE_KEYS and k not in allowed:
            raise WarningParameterError(
                file, f"{key}.{k}", f"unknown key; expected {', '.join(sorted(_BASE_KEYS | set(allowed)))}"
            )
    for k in sorted(_BASE_KEYS):
        if k not in raw:
            raise WarningParameterError(file, f"{key}.{k}", "missing")
    source = raw["source"]
    if source not in references:
        raise WarningParameterError(file, f"{key}.source", f"unknown reference {source!r}")
    reason = raw["reason"]
    if not isinstance(reason, str) or not reason.strip():
        raise WarningParameterError(file, f"{key}.reason", "expected a sentence saying why this value")
    settings: dict[str, Any] = {}
    for name, (kind, required) in allowed.items():
        if name not in raw:
            if required:
                raise WarningParameterError(file, f"{key}.{name}", "missing")
            continue
        value = raw[name]
        if kind is dict:
            settings[name] = _thresholds(value, file, f"{key}.{name}")
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise WarningParameterError(
                    file, f"{key}.{name}", f"expected a whole number ≥ 0, got {value!r}"
                )
            settings[name] = value
        elif not isinstance(value, str) or not value:
            raise WarningParameterError(file, f"{key}.{name}", f"expected text, got {value!r}")
        else:
            settings[name] = value
    for name in ("window", "lookback"):
        if name in settings and settings[name] < 1:
            raise WarningParameterError(file, f"{key}.{name}", "must be at least 1")
    return Version(
        valid_from=_date(raw["valid_from"], file, f"{key}.valid_from"),
        source=source,
        reason=reason.strip(),
        thresholds=_thresholds(raw["thresholds"], file, f"{key}.thresholds"),
        settings=settings,
    )


def parse_parameters(data: Any, file: str = "<parameters>") -> WarningParameters:
    if not isinstance(data, dict):
        raise WarningParameterError(file, "(top)", "expected a mapping with references, rules, checklist")
    for k in data:
        if k not in ("references", "rules", "checklist"):
            raise WarningParameterError(file, k, "unknown key; expected references, rules, checklist")
    references = data.get("references")
    if not isinstance(references, dict) or not references:
        raise WarningParameterError(file, "references", "expected a mapping of reference id → {title, url}")
    for rid, ref in references.items():
        if not isinstance(ref, dict) or not ref.get("title"):
            raise WarningParameterError(file, f"references.{rid}", "expected {title: …, url: …}")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, dict) or not raw_rules:
        raise WarningParameterError(file, "rules", "expected a mapping of rule code → definition")
    rules: dict[str, RuleSpec] = {}
    for code, raw in raw_rules.items():
        key = f"rules.{code}"
        if code not in RULE_SETTINGS:
            raise WarningParameterError(
                file, key, f"unknown rule; expected one of {', '.join(RULE_SETTINGS)}"
            )
        if not isinstance(raw, dict):
            raise WarningParameterError(file, key, "expected {family, name, versions}")
        family = raw.get("family")
        if family not in FAMILIES:
            raise WarningParameterError(file, f"{key}.family", f"expected one of {', '.join(FAMILIES)}")
        versions_raw = raw.get("versions")
        if not isinstance(versions_raw, list) or not versions_raw:
            raise WarningParameterError(
                file, f"{key}.versions", "expected a non-empty list of dated versions"
            )
        versions = tuple(
            _version(v, code, references, file, f"{key}.versions[{i}]") for i, v in enumerate(versions_raw)
        )
        for i in range(1, len(versions)):
            if versions[i].valid_from <= versions[i - 1].valid_from:
                raise WarningParameterError(
                    file,
                    f"{key}.versions[{i}].valid_from",
                    f"must be after the previous version's ({versions[i - 1].valid_from})",
                )
        rules[code] = RuleSpec(code, family, _text(raw.get("name"), file, f"{key}.name"), versions)
    checklist: list[ChecklistEntry] = []
    raw_list = data.get("checklist") or {}
    if not isinstance(raw_list, dict):
        raise WarningParameterError(file, "checklist", "expected a mapping of level → list of items")
    seen: set[str] = set()
    for level, items in raw_list.items():
        if level not in WARNING_LEVELS:
            raise WarningParameterError(file, f"checklist.{level}", "unknown level")
        if not isinstance(items, list):
            raise WarningParameterError(file, f"checklist.{level}", "expected a list of {code, zh, en}")
        for i, item in enumerate(items):
            k = f"checklist.{level}[{i}]"
            if not isinstance(item, dict) or not item.get("code"):
                raise WarningParameterError(file, k, "expected {code: …, zh: …, en: …}")
            if item["code"] in seen:
                raise WarningParameterError(file, f"{k}.code", f"duplicate code {item['code']!r}")
            seen.add(item["code"])
            checklist.append(ChecklistEntry(str(item["code"]), level, _text(item, file, k)))
    checklist.sort(key=lambda c: WARNING_LEVELS.index(c.level))
    return WarningParameters(file, {k: dict(v) for k, v in references.items()}, rules, tuple(checklist))


def load_parameters(path: Path | str) -> WarningParameters:
    """Read and check a parameters file (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WarningParameterError(str(path), "(file)", f"cannot read: {exc.strerror}") from exc
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise WarningParameterError(
            path.name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}"
        ) from exc
    return parse_parameters(data, path.name)
