"""The nightly policy push: evaluate every policy for everyone in scope and tell the eligible."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from jiuye.geography.models import Division
from jiuye.policies import services


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise CommandError(f"--on: {text!r} is not a date (YYYY-MM-DD)") from e


class Command(BaseCommand):
    help = "Push eligible policies to persons and employers (report only unless --wet-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=str, default=None, help="evaluate on this date (YYYY-MM-DD; default today)"
        )
        parser.add_argument("--division", default=None, help="only this division code and below")
        parser.add_argument(
            "--wet-run", action="store_true", help="create the notifications (default: report only)"
        )

    def handle(self, *args, on=None, division=None, wet_run: bool = False, **options):
        on = _date(on) if on else None
        scope = None
        if division:
            scope = Division.objects.filter(code=division).first()
            if scope is None:
                raise CommandError(f"--division: no division with code {division!r}")
        t0 = time.perf_counter()
        result = services.push_policies(on, scope_division=scope, dry_run=not wet_run)
        seconds = time.perf_counter() - t0
        c = result.counts
        self.stdout.write(
            f"{'dry run' if result.dry_run else 'pushed'} on {result.on}"
            f"{f' in {division}' if division else ''}: evaluated {c.get('evaluated_persons', 0)} persons, "
            f"{c.get('evaluated_employers', 0)} employers in {seconds:.1f} s"
        )
        verb = "would notify" if result.dry_run else "notified"
        self.stdout.write(
            f"eligible {c.get('eligible', 0)}, already applied {c.get('already_applied', 0)}, "
            f"already pushed {c.get('already_pushed', 0)}, opted out {c.get('opted_out', 0)}, "
            f"unreachable {c.get('unreachable', 0)}, {verb} {c.get('notified', 0)}"
        )
        if not result.dry_run:
            self.stdout.write(
                f"inbox notifications {c.get('person_notifications', 0) + c.get('employer_notifications', 0)}, "
                f"messages sent {c.get('person_messages_sent', 0) + c.get('employer_messages_sent', 0)}"
            )
        for policy, counts in sorted(result.by_policy.items()):
            self.stdout.write(
                f"  {policy}: eligible {counts.get('eligible', 0)}, {verb} {counts.get('notified', 0)}"
            )
