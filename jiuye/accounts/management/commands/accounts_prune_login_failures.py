"""Delete failed sign-ins older than the throttling window (they no longer count). Writes only with --wet-run."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from jiuye.accounts import services
from jiuye.accounts.models import LoginFailure


class Command(BaseCommand):
    help = "Delete failed sign-in records older than JIUYE_LOGIN_WINDOW_SECONDS."

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Actually delete.")

    def handle(self, *args, wet_run: bool, **options):
        if not wet_run:
            cutoff = timezone.now() - dt.timedelta(seconds=settings.JIUYE_LOGIN_WINDOW_SECONDS)
            n = LoginFailure.objects.filter(at__lte=cutoff).count()
            self.stdout.write(f"Would delete {n} expired failed sign-in(s). Add --wet-run to do it.")
            return
        self.stdout.write(f"Deleted {services.prune_failures()} expired failed sign-in(s).")
