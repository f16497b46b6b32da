"""The dated thresholds file: the shipped one loads; a bad one is refused with the key named."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from jiuye.analytics.warning.parameters import WarningParameterError, load_parameters, parse_parameters
from jiuye.monitoring.early_warning.services import PARAMETERS_FILE


def _shipped() -> dict:
    return yaml.safe_load(PARAMETERS_FILE.read_text(encoding="utf-8"))


def test_shipped_parameters_load_with_dates_and_sources():
    p = load_parameters(PARAMETERS_FILE)
    assert set(p.rules) == {
        "sahm",
        "michaillat_saez",
        "enterprise",
        "postings_drop",
        "registrations_rise",
        "benefit_claims_rise",
    }
    sahm = p.rules["sahm"].on(dt.date(2026, 10, 1))
    assert sahm.thresholds["yellow"] == 0.5 and sahm.source == "sahm_fred"
    assert p.rules["michaillat_saez"].on(dt.date(2026, 1, 1)).thresholds["yellow"] == 0.29
    assert p.rules["michaillat_saez"].on(dt.date(2020, 1, 1)) is None  # before its first version
    codes = [c.code for c in p.checklist_up_to("yellow")]
    assert codes[:2] == ["verify_data", "watch_monthly"] and "activate_response_plan" not in codes


def _with(change) -> dict:
    data = _shipped()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (
            lambda d: d["rules"]["sahm"]["versions"][0]["thresholds"].update(red=0.4),
            "rules.sahm.versions[0].thresholds.red",
            "must be above orange",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0]["thresholds"].update(purple=1),
            "rules.sahm.versions[0].thresholds.purple",
            "unknown level",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0].update(windw=3),
            "rules.sahm.versions[0].windw",
            "unknown key",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0].pop("reason"),
            "rules.sahm.versions[0].reason",
            "missing",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0].update(valid_from="2019-13-01"),
            "rules.sahm.versions[0].valid_from",
            "YYYY-MM-DD",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0].update(source="nowhere"),
            "rules.sahm.versions[0].source",
            "unknown reference",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0].update(window=0),
            "rules.sahm.versions[0].window",
            "at least 1",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"][0]["thresholds"].update(blue="0.3"),
            "rules.sahm.versions[0].thresholds.blue",
            "a number",
        ),
        (
            lambda d: d["rules"]["sahm"]["versions"].append(
                dict(d["rules"]["sahm"]["versions"][0], valid_from="2018-01-01")
            ),
            "rules.sahm.versions[1].valid_from",
            "after the previous",
        ),
        (lambda d: d["rules"].update(okun={}), "rules.okun", "unknown rule"),
        (
            lambda d: d["checklist"]["blue"].append({"code": "verify_data", "zh": "x", "en": "x"}),
            "checklist.blue[2].code",
            "duplicate",
        ),
    ],
)
def test_bad_parameters_name_the_key(change, key, words):
    data = _with(change)
    # valid_from values are dates after safe_load; the loader takes dates or text alike
    with pytest.raises(WarningParameterError) as err:
        parse_parameters(data, "warning_rules.yaml")
    assert err.value.key == key
    assert words in err.value.message
    assert str(err.value).startswith("warning_rules.yaml: ")


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("references:\n  a: {title: x\nrules: {}\n", encoding="utf-8")
    with pytest.raises(WarningParameterError) as err:
        load_parameters(bad)
    assert err.value.key.startswith("line ")
