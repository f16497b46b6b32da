"""`python manage.py ingestion_run <source> <file> --division <code> [--wet-run]`: import one file.

Without --wet-run the whole import runs (every row validated, resolved and applied) inside one
transaction that is rolled back: the counts say what would happen, nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.geography.models import Division
from jiuye.ingestion import sources
from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.pipeline import BATCH_SIZE, run_import
from jiuye.ingestion.sources.base import REGISTRY


class Command(BaseCommand):
    help = _("Import a department file: validate every row, quarantine bad rows, load the good ones.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help=_("Source code, e.g. human_resources.unemployment."))
        parser.add_argument("file", type=Path, help=_("CSV (UTF-8 or GB18030), XLSX or JSON Lines file."))
        parser.add_argument("--division", required=True,
                            help=_("Code of the division the file covers (the importing office's)."))
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=_("Rows per transaction."))
        # House rule: commands write only with --wet-run.
        parser.add_argument("--wet-run", action="store_true",
                            help=_("Write to the database. Without it, import, report, then roll back."))

    def handle(self, *args, source: str, file: Path, division: str, batch_size: int, wet_run: bool = False,
               **options) -> None:
        sources.load_all()
        if source not in REGISTRY:
            raise CommandError(_("Unknown source %(source)s. Known sources: %(known)s.")
                               % {"source": source, "known": ", ".join(sorted(REGISTRY))})
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        area = Division.objects.filter(code=division).first()
        if area is None:
            raise CommandError(_("Unknown division code %(code)s.") % {"code": division})
        if wet_run:
            # Batches commit one by one, so a killed import resumes when run again.
            run = run_import(source, file, division=area, batch_size=batch_size)
        else:
            with transaction.atomic():
                run = run_import(source, file, division=area, batch_size=batch_size)
                transaction.set_rollback(True)
        counts = _("read %(read)s, accepted %(accepted)s, updated %(updated)s, unchanged %(unchanged)s, "
                   "staged for linkage %(staged)s, quarantined %(quarantined)s, released from quarantine "
                   "%(released)s") % {
            "read": run.rows_read, "accepted": run.rows_accepted, "updated": run.rows_updated,
            "unchanged": run.rows_unchanged, "staged": run.rows_staged, "quarantined": run.rows_quarantined,
            "released": run.rows_released}
        summary = _("Import run %(id)s (%(status)s, %(format)s %(encoding)s): %(counts)s.") % {
            "id": run.pk, "status": run.get_status_display(), "format": run.file_format,
            "encoding": run.encoding or "", "counts": counts}
        if not wet_run:
            self.stdout.write(self.style.WARNING(
                _("Dry run: %(summary)s Nothing was written (add --wet-run).") % {"summary": summary}))
        elif run.status == RunStatus.COMPLETED:
            self.stdout.write(self.style.SUCCESS(summary))
        else:
            self.stdout.write(self.style.ERROR(summary))
        if run.message:
            self.stdout.write(run.message)
        if wet_run and run.status in (RunStatus.FAILED, RunStatus.REFUSED, RunStatus.INTERRUPTED):
            raise CommandError(_("Import run %(id)s did not complete.") % {"id": run.pk})
