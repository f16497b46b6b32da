"""`python manage.py refdata_load`: all reference data (divisions and classifications) in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_lazy as _

from jiuye.geography.management.refdata import RefdataCommand
from jiuye.geography.services import LoadReport
from jiuye.taxonomy.services import PARTS, load_reference_data


class Command(RefdataCommand):
    help = _(
        "Load or update all reference data (divisions, occupations, ISCO-08, education levels, industries, "
        "key groups) in one transaction. Safe to re-run; a bad file loads nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--only", choices=PARTS, default=None, help=_("Load only this part."))

    def load(self, root: Path, *, dry_run: bool, **options: Any) -> LoadReport:
        return load_reference_data(root, only=options.get("only"), dry_run=dry_run)
