"""`python manage.py warnings_notify [--worker NAME] [--limit N] [--wet-run]`.

The notification worker: claims the pending warning events (each exactly once, even with several workers
running) and puts a message in the inbox of the leaders and analysts whose scope covers the division.
Without --wet-run it only counts what is pending.
"""

from __future__ import annotations

import os
import socket

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ... import services
from ...models import WarningEvent


class Command(BaseCommand):
    help = _("Notify leaders and analysts of warning changes (claims each event once).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker", default="", help=_("Name of this worker (default host:pid)."))
        parser.add_argument("--limit", type=int, default=500, help=_("Events per run (1-10000)."))
        parser.add_argument(
            "--wet-run", action="store_true", help=_("Send. Without it, count what is pending.")
        )

    def handle(self, *args, worker: str, limit: int, wet_run: bool = False, **options) -> None:
        if not 1 <= limit <= 10000:
            raise CommandError(_("--limit: between 1 and 10000, got %(n)s") % {"n": limit})
        if not wet_run:
            pending = WarningEvent.objects.unclaimed().count()
            self.stdout.write(_("%(n)s event(s) pending. Add --wet-run to send.") % {"n": pending})
            return
        name = worker or f"{socket.gethostname()}:{os.getpid()}"
        r = services.claim_and_notify(name, limit=limit)
        self.stdout.write(
            _(
                "%(claimed)s event(s) claimed by %(worker)s, %(sent)s message(s) sent, %(lost)s claimed by another worker"
            )
            % {**r, "worker": name}
        )
