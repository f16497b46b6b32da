"""A completed import refreshes the worklists of the importing office's area (issue 3, item 4)."""

import datetime as dt

from jiuye.comparisons.models import WorklistEntry
from jiuye.core.models import AuditEvent
from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.pipeline import run_import
from jiuye.registry.enums import LabourStatus
from jiuye.registry.models import ContributionRecord, UnemploymentRegistration

from .. import factories as f


def test_completed_import_recomputes_worklists(tree, tmp_path):
    from jiuye.ingestion.sources import load_all
    from jiuye.ingestion.sources.base import get_adapter

    load_all()
    person = f.make_person(tree["430302001"], name="赵敏", labour_status=LabourStatus.UNEMPLOYED)
    today = dt.date.today()
    UnemploymentRegistration.objects.create(
        person=person, division=tree["430302"], registered_on=today.replace(day=1) - dt.timedelta(days=90)
    )
    employer = f.make_employer(tree["430302"])
    adapter = get_adapter("social_insurance.contributions")
    headers = adapter.layout.headers
    values = {
        "resident_id": person.reveal_resident_id(), "name": person.name,
        "credit_code": employer.credit_code, "scheme": "210", "month": today.strftime("%Y-%m"),
        "base_wage": "5000", "amount_due": "50", "amount_paid": "50",
    }
    row = [values.get(c.key, "") for c in adapter.layout.columns]
    path = tmp_path / "contributions.csv"
    path.write_text(",".join(headers) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    before = AuditEvent.objects.count()

    run = run_import("social_insurance.contributions", path, division=tree["430302"])

    assert run.status == RunStatus.COMPLETED, run.message
    assert ContributionRecord.objects.filter(person=person).exists()
    entry = WorklistEntry.objects.open().get(person=person)
    assert entry.kind == "unemployed_with_income"
    assert AuditEvent.objects.count() > before
