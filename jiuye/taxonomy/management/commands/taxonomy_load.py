"""`python manage.py taxonomy_load`: occupations, ISCO-08, education levels, industries and key groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from jiuye.geography.management.refdata import RefdataCommand
from jiuye.geography.services import LoadReport
from jiuye.taxonomy.services import load_taxonomy


class Command(RefdataCommand):
    help = _(
        "Load or update the classifications: 大典 2022 occupations, ISCO-08 groups, education levels, "
        "GB/T 4754 industry sections and key groups. Safe to re-run."
    )

    def load(self, root: Path, *, dry_run: bool, **options: Any) -> LoadReport:
        return load_taxonomy(root, dry_run=dry_run)
