"""`python manage.py geography_load`: the division tree (provinces to townships) from the reference files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from jiuye.geography.management.refdata import RefdataCommand
from jiuye.geography.services import LoadReport, load_geography


class Command(RefdataCommand):
    help = _("Load or update the division tree (provinces to townships, with coordinates). Safe to re-run.")

    def load(self, root: Path, *, dry_run: bool, **options: Any) -> LoadReport:
        return load_geography(root, dry_run=dry_run)
