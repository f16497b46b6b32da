"""What `refdata_load`, `geography_load` and `taxonomy_load` share: options, errors, the summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiuye.geography.refcsv import SourceError
from jiuye.geography.services import LoadReport


class RefdataCommand(BaseCommand):
    """Loads reference files into the database; safe to re-run (it only creates and updates)."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help=_("Directory of the reference files (default: the JIUYE_REFDATA setting)."),
        )
        # House rule: commands write only with --wet-run. Without it the load is validated and
        # performed, the changes are reported, and everything is rolled back.
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help=_("Write to the database. Without it, validate and report what would change, then roll back."),
        )

    def load(self, root: Path, *, dry_run: bool, **options: Any) -> LoadReport:
        raise NotImplementedError

    def handle(self, *args: Any, path: Path | None, wet_run: bool, **options: Any) -> None:
        dry_run = not wet_run
        root = Path(path or settings.JIUYE_REFDATA)
        if not root.is_dir():
            raise CommandError(
                gettext(
                    "Reference data directory not found: {root} (set JIUYE_REFDATA or pass --path)."
                ).format(root=root)
            )
        started = time.perf_counter()
        try:
            report = self.load(root, dry_run=dry_run, **options)
        except SourceError as exc:
            raise CommandError(
                gettext("Nothing was loaded. {error}").format(error=exc.localized(gettext))
            ) from exc
        self.summarise(report, root, time.perf_counter() - started, dry_run)

    def summarise(self, report: LoadReport, root: Path, seconds: float, dry_run: bool) -> None:
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(gettext("Warning: ") + warning.localized(gettext)))
        header = gettext("{table:<18} {total:>7} {created:>8} {updated:>8} {unchanged:>9}").format(
            table=gettext("table"),
            total=gettext("total"),
            created=gettext("created"),
            updated=gettext("updated"),
            unchanged=gettext("unchanged"),
        )
        self.stdout.write(header)
        for table, c in report.counts.items():
            self.stdout.write(
                f"{table:<18} {c.total:>7} {c.created:>8} {c.updated:>8} {c.unchanged:>9}"
                + (
                    " " + gettext("({n} not in source, kept)").format(n=c.not_in_source)
                    if c.not_in_source
                    else ""
                )
            )
        if dry_run:
            message = gettext("Dry run from {root} in {seconds:.1f} s: nothing was written (add --wet-run to write).")
        else:
            message = gettext("Reference data loaded from {root} in {seconds:.1f} s.")
        self.stdout.write(self.style.SUCCESS(message.format(root=root, seconds=seconds)))
