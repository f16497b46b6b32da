"""Two notification workers at once, each with its own database connection: every event notified exactly once.

The workers are two threads; Django gives each thread its own connection. On SQLite the test database lives
in memory, which other connections cannot share safely, so the committed data is copied to a file and the
threads connect to that file (the real locking of a file database, with the settings' IMMEDIATE transactions
and busy timeout). On PostgreSQL the threads connect to the test database itself.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from jiuye.jobs.models import Notification
from jiuye.monitoring.early_warning import services
from jiuye.monitoring.early_warning.models import WarningEvent
from tests import factories as f

from .helpers import month, put_rates

EVENTS = 40


def _file_copy_of_test_db(tmp_path) -> str | None:
    """On SQLite, copy the (in-memory) test database to a file and return its path; None on other databases."""
    if connection.vendor != "sqlite":
        return None
    import sqlite3

    target = tmp_path / "claiming.sqlite3"
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    connection.connection.backup(dest)
    dest.execute("PRAGMA journal_mode=WAL")
    dest.close()
    return str(target)


def _run_workers(n: int) -> list[dict]:
    barrier = threading.Barrier(n)
    results: list[dict] = [{} for _ in range(n)]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = services.claim_and_notify(f"worker-{i}")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


def _collect() -> tuple[list[tuple], list[tuple]]:
    out: dict = {}

    def read() -> None:
        try:
            out["events"] = list(
                WarningEvent.objects.values_list("pk", "claimed_by", "recipients", "warning_id")
            )
            out["notes"] = list(Notification.objects.values_list("recipient_id", "link"))
        finally:
            connections.close_all()

    t = threading.Thread(target=read)
    t.start()
    t.join()
    return out["events"], out["notes"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_workers_never_notify_twice(tmp_path):
    tree = f.build_tree()
    f.make_user("analyst", tree["4303"], username="an_city")
    f.make_user("leader", tree["43"], username="ld_prov")
    # Many divisions' worth of events: one warning per township-like division would need more divisions, so
    # the events come from repeated flips of two districts' warnings over the months.
    rates = [4.0] * 12
    for k in range(EVENTS // 2):
        rates += [4.0, 4.0, 6.0] if k % 2 == 0 else [4.0, 4.0, 4.0]
    put_rates(tree["430302"], rates)
    put_rates(tree["430304"], rates)
    for i in range(14, len(rates)):
        services.evaluate_warnings(month(i), rules=["sahm"])
    pending = WarningEvent.objects.unclaimed().count()
    assert pending >= 20

    path = _file_copy_of_test_db(tmp_path)
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]
    if path:
        settings_dict["NAME"] = path  # connections opened from now on, in new threads, use the file
    try:
        results = _run_workers(2)
        events, notes = _collect()
    finally:
        settings_dict["NAME"] = original

    assert sum(r["claimed"] for r in results) == pending
    assert sum(r["claimed"] + r["lost"] for r in results) >= pending
    claimed = [e for e in events if e[1]]
    assert len(claimed) == pending and all(by in ("worker-0", "worker-1") for _pk, by, _n, _w in claimed)
    # each event's message reached each of its two recipients exactly once
    per_event = {pk: n for pk, _by, n, _w in claimed}
    assert set(per_event.values()) == {2}
    assert len(notes) == 2 * pending == sum(r["sent"] for r in results)
    links = Counter(link for _r, link in notes)
    warnings = Counter(w for _pk, _by, _n, w in claimed)
    assert links == Counter({f"/warnings/{w}/": 2 * n for w, n in warnings.items()})
