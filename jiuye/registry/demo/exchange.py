"""Sample department files for one district of the demo region, fed through the real import pipeline.

After `load_demo`, `load_exchange` writes what the departments would send about the district's demo
persons — social insurance contributions (GB18030 CSV), tax wage income (UTF-8 CSV), graduates (XLSX),
hukou moves in (JSON Lines) — into `var/demo-exchange/`, imports each with `run_import`, links the
rows that came without an ID, and recomputes the worklists of the whole demo city. The files carry a
few deliberate problems (rows without an ID, a bad ID checksum, a future date, a negative amount) so
the staging and quarantine pages have something to show, and a few situations the comparisons catch
(arrears, a headcount drop, pay without contributions, registered unemployed with pay, graduates and
newcomers without work).

The demo is a composition root: it alone in `registry` imports the ingestion and comparisons layers
(allowed explicitly in the import-linter contract). Headers come from the adapters' layouts.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from jiuye.accounts.models import User
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.parameters import add_months
from jiuye.comparisons.services import recompute_worklists
from jiuye.geography.models import Division
from jiuye.ingestion import sources
from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.linking import link_staged_records
from jiuye.ingestion.models import ImportRun
from jiuye.ingestion.pipeline import run_import
from jiuye.ingestion.sources.base import Layout, get_adapter
from jiuye.ingestion.sources.education.schema import DEGREE_LABELS
from jiuye.registry import enums
from jiuye.registry.models import (
    DataSource,
    EmploymentSpell,
    Person,
    UnemploymentRegistration,
    WageIncome,
    years_before,
)

DISTRICT = "430302"  # 雨湖区, the demo caseworker's district
EXCHANGE_DIR = Path(settings.BASE_DIR) / "var" / "demo-exchange"
PENSION = "110"
PENSION_RATE = Decimal("0.24")  # employer 16% + employee 8%
INSTITUTIONS = ("湘潭大学", "湖南科技大学", "湖南工程学院", "湘潭理工学院", "湖南软件职业技术大学")
MOVED_FROM = ("430102", "430104", "430405", "430602", "431002")  # 芙蓉、岳麓、珠晖、岳阳楼、北湖
FILES = (  # adapter code, file suffix
    ("social_insurance.contributions", "csv"),
    ("tax.wages", "csv"),
    ("education.graduates", "xlsx"),
    ("public_security.moves", "jsonl"),
)


@dataclass
class ExchangeResult:
    skipped: bool = False
    runs: list[ImportRun] = field(default_factory=list)
    linked: dict[str, Any] = field(default_factory=dict)
    worklists: dict[str, int] = field(default_factory=dict)  # kind → open entries in the city

    def total(self, name: str) -> int:
        return sum(getattr(r, f"rows_{name}") for r in self.runs)


def file_prefix(source: DataSource) -> str:
    return f"{source.code}."


def already_imported(source: DataSource) -> bool:
    """The wage file of this demo source landed (wiped with the demo persons by `--replace`)."""
    return WageIncome.objects.filter(import_run__file_name__startswith=file_prefix(source)).exists()


def wipe_exchange() -> int:
    """Delete the demo import runs (their quarantined and staged rows go with them)."""
    return ImportRun.objects.filter(file_name__startswith="demo-").delete()[0]


# ------------------------------------------------------------------------------------------ files


def _identity(person: Person, *, with_id: bool = True) -> dict[str, Any]:
    return {
        "resident_id": person.reveal_resident_id() if with_id else "",
        "name": person.name,
        "sex": "男" if person.sex == enums.Sex.MALE else "女",
        "birth_date": person.birth_date.isoformat(),
    }


def _bad_checksum(resident_id: str) -> str:
    last = "0" if resident_id[-1] != "0" else "1"
    return resident_id[:-1] + last


def _write(path: Path, layout: Layout, rows: list[dict[str, Any]], encoding: str = "utf-8") -> Path:
    headers = layout.headers
    keys = [c.key for c in layout.columns]
    table = [["" if r.get(k) is None else str(r.get(k)) for k in keys] for r in rows]
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(headers)
        for line in table:
            ws.append(line)
        wb.save(path)
    elif path.suffix == ".jsonl":
        with path.open("w", encoding=encoding) as fh:
            for line in table:
                fh.write(json.dumps(dict(zip(headers, line, strict=True)), ensure_ascii=False) + "\n")
    else:
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(table)
    return path


def write_files(source: DataSource, *, as_of: dt.date, district: str = DISTRICT, seed: int = 1,
                out_dir: Path | None = None) -> list[tuple[str, Path]]:
    """Write the district's department files; return (adapter code, path) in import order."""
    sources.load_all()
    out_dir = Path(out_dir or EXCHANGE_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{source.code}|{district}|{seed}")
    area = Division.objects.get(code=district)
    in_area = Q(division__path__startswith=area.path + "/")
    persons = Person.objects.filter(in_area, source=source).select_related("division", "education")
    latest = add_months(as_of.replace(day=1), -1)  # the last complete month
    months = [add_months(latest, -n) for n in (3, 2, 1, 0)]  # headcount drop compares with 3 months earlier
    future = dt.date.today() + dt.timedelta(days=400)

    spells = list(
        EmploymentSpell.objects.current(as_of).filter(person__in=persons, employer__isnull=False)
        .exclude(contract_type__in=["self", "task"]).select_related("person", "employer").order_by("pk")
    )
    by_employer: dict[int, list[EmploymentSpell]] = {}
    for s in spells:
        by_employer.setdefault(s.employer_id, []).append(s)
    employers = sorted(by_employer, key=lambda e: (-len(by_employer[e]), e))
    dropping = employers[0] if employers and len(by_employer[employers[0]]) >= 6 else None
    left = set()
    if dropping:
        staff = by_employer[dropping]
        left = {s.pk for s in rng.sample(staff, max(5, len(staff) * 3 // 10))}
    arrears = set(rng.sample(employers[1:], min(3, max(0, len(employers) - 1))))
    uninsured = {s.pk for s in rng.sample(spells, max(3, len(spells) // 60))} if len(spells) > 6 else set()
    no_id = {s.pk for s in rng.sample(spells, min(3, len(spells)))}

    contributions: list[dict[str, Any]] = []
    wages: list[dict[str, Any]] = []
    for s in spells:
        person, employer = s.person, s.employer
        identity = _identity(person)
        wage = Decimal(s.monthly_wage or 4000).quantize(Decimal("0.01"))
        base = min(max(wage, Decimal("3500.00")), Decimal("20000.00"))
        due = (base * PENSION_RATE).quantize(Decimal("0.01"))
        for month in months:
            if month < s.start_date.replace(day=1) or (s.pk in left and month >= months[2]):
                continue
            blank = s.pk in no_id and month == latest
            row = {**identity, **({"resident_id": ""} if blank else {}),
                   "credit_code": employer.credit_code, "employer_name": employer.name, "month": f"{month:%Y-%m}"}
            if s.pk not in uninsured:
                paid = due if s.employer_id not in arrears or month < months[2] else \
                    (Decimal("0.00") if rng.random() < 0.5 else (due / 2).quantize(Decimal("0.01")))
                contributions.append({**row, "scheme": PENSION, "base_wage": base, "amount_due": due,
                                      "amount_paid": paid})
            if month >= months[1]:
                amount = (wage * Decimal(rng.uniform(0.9, 1.15))).quantize(Decimal("0.01"))
                wages.append({**row, "amount": amount})

    # Registered unemployed with pay in the last two months: a review for the caseworker.
    registrations = (
        UnemploymentRegistration.objects.open().filter(person__in=persons, registered_on__lt=months[2])
        .select_related("person").order_by("pk")
    )
    unemployed = [r.person for r in registrations[:200]]
    paying = [e for e in employers if e not in arrears] or employers
    for person in rng.sample(unemployed, min(5, len(unemployed))) if paying else []:
        employer = by_employer[rng.choice(paying)][0].employer
        for month in months[2:]:
            wages.append({**_identity(person), "credit_code": employer.credit_code, "employer_name": employer.name,
                          "month": f"{month:%Y-%m}", "amount": f"{rng.randint(2200, 3800)}.00"})

    # Deliberate mistakes, quarantined with their reasons.
    if contributions:
        sample = contributions[0]
        contributions += [
            {**sample, "resident_id": _bad_checksum(sample["resident_id"] or "430302199001020119")},
            {**sample, "month": f"{future:%Y-%m}"},
            {**sample, "month": f"{months[0]:%Y-%m}", "credit_code": sample["credit_code"], "amount_paid": "-120.00"},
        ]
    if wages:
        sample = wages[0]
        wages += [{**sample, "amount": "-3000.00", "month": f"{months[1]:%Y-%m}"},
                  {**sample, "resident_id": _bad_checksum(sample["resident_id"] or "430302199001020119")}]

    # Graduates of the last two years.
    graduates: list[dict[str, Any]] = []
    destination = {enums.LabourStatus.EMPLOYED: "就业", enums.LabourStatus.STUDENT: "升学",
                   enums.LabourStatus.FLEXIBLE: "灵活就业"}
    for person in persons.filter(graduation_year__gte=as_of.year - 1, graduation_year__lte=as_of.year,
                                 education__code__in=list(DEGREE_LABELS)).order_by("pk"):
        graduated = dt.date(person.graduation_year, 6, 30)
        if graduated > as_of:
            continue
        graduates.append({
            **_identity(person), "phone": person.reveal_phone(), "division_code": person.division.code,
            "institution": rng.choice(INSTITUTIONS), "major_name": person.major,
            "degree_level": DEGREE_LABELS[person.education.code][1], "graduation_date": graduated.isoformat(),
            "destination": destination.get(person.labour_status, "待就业"),
        })
    if graduates:
        graduates.append({**graduates[0], "graduation_date": future.isoformat()})

    # Hukou moved in during the last six months: mostly people without work.
    working = EmploymentSpell.objects.current(as_of).values("person")
    idle = list(
        persons.filter(labour_status__in=[enums.LabourStatus.UNEMPLOYED, enums.LabourStatus.INACTIVE],
                       birth_date__lte=years_before(as_of, 18), birth_date__gt=years_before(as_of, 55))
        .exclude(pk__in=working).exclude(pk__in=[p.pk for p in unemployed]).order_by("pk")[:300]
    )
    busy = [s.person for s in spells[:50]]
    moves = []
    for person in rng.sample(idle, min(8, len(idle))) + rng.sample(busy, min(3, len(busy))):
        moves.append({**_identity(person), "kind": "迁入", "from_division_code": rng.choice(MOVED_FROM),
                      "to_division_code": person.division.code,
                      "moved_on": (as_of - dt.timedelta(days=rng.randint(10, 170))).isoformat()})
    if moves:
        moves[-1] = {**moves[-1], "resident_id": ""}  # staged for linkage
        moves.append({**moves[0], "resident_id": _bad_checksum(moves[0]["resident_id"])})

    rows = {"social_insurance.contributions": contributions, "tax.wages": wages,
            "education.graduates": graduates, "public_security.moves": moves}
    written = []
    for code, suffix in FILES:
        if not rows[code]:
            continue
        path = out_dir / f"{file_prefix(source)}{district}.{code}.{suffix}"
        encoding = "gb18030" if code.startswith("social_insurance") else "utf-8"
        written.append((code, _write(path, get_adapter(code).layout, rows[code], encoding)))
    return written


# ----------------------------------------------------------------------------------------- import


def load_exchange(source: DataSource, *, as_of: dt.date | None = None, district: str = DISTRICT, seed: int = 1,
                  out_dir: Path | None = None, force: bool = False) -> ExchangeResult:
    """Write, import and link the district's files, then recompute the city's worklists. Call inside
    the demo load's transaction. Skipped when this demo source's files were imported already."""
    if not force and already_imported(source):
        return ExchangeResult(skipped=True)
    as_of = as_of or dt.date.today()
    division = Division.objects.get(code=district)
    user = User.objects.filter(username="admin").first()
    result = ExchangeResult()
    for code, path in write_files(source, as_of=as_of, district=district, seed=seed, out_dir=out_dir):
        run = run_import(code, path, division=division, user=user)
        if run.status != RunStatus.COMPLETED:  # generated files always import: a bug, never data
            raise RuntimeError(f"demo exchange: import run {run.pk} ({code}) ended {run.status}")
        result.runs.append(run)
    result.linked = link_staged_records(division=division, by=user).as_dict()
    city = Division.objects.get(code=district[:4])
    recompute_worklists(on=as_of, division=city, actor=user)
    open_entries = WorklistEntry.objects.open().filter(
        Q(division__path=city.path) | Q(division__path__startswith=city.path + "/"))
    result.worklists = {k: open_entries.filter(kind=k).count() for k in sorted(set(
        open_entries.values_list("kind", flat=True)))}
    return result
