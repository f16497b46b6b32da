"""`python manage.py demo_load [--city 4303] [--rate 50] [--seed 1] [--replace] [--no-exchange]`: the demo region.

Generates a synthetic population of a real city calibrated to its 2020 census, loads it into the
registry in one transaction, sets up service offices and one demo account per role, and prints the
accounts. Then, unless `--no-exchange`, it writes sample department files for 雨湖区 (430302) and imports
them through the real pipeline, links the rows without an ID and computes the city's worklists
(`jiuye.registry.demo.exchange`). Re-running with the same parameters changes nothing but the demo
accounts (which are reset); `--replace` removes every demo-sourced row first.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.registry.demo import exchange
from jiuye.registry.demo.load import DEMO_TOTP_SECRET, DemoConflict, load_demo
from jiuye.registry.demo.reference import ReferenceError


class Command(BaseCommand):
    help = _(
        "Load the demo region: a synthetic population of a real city calibrated to its 2020 census, with "
        "employers, spells, registrations, service offices and one demo account per role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="4303",
                            help=_("Prefecture (4 digits) or county (6 digits) code. Default 4303 (Xiangtan)."))
        parser.add_argument("--rate", type=int, default=50, help=_("Sample one person in RATE. Default 50."))
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed. Default 1."))
        parser.add_argument("--replace", action="store_true", help=_("Remove all demo data first."))
        parser.add_argument("--as-of", dest="as_of", type=dt.date.fromisoformat, default=None,
                            help=_("Reference date (YYYY-MM-DD) for ages and durations. Default today."))
        # House rule: commands write only with --wet-run; without it the load runs and is rolled back.
        parser.add_argument("--wet-run", action="store_true",
                            help=_("Write to the database. Without it, generate and load, report, then roll back."))
        parser.add_argument("--refdata", type=Path, default=None,
                            help=_("Reference data directory. Default settings.JIUYE_REFDATA."))
        parser.add_argument("--no-exchange", dest="with_exchange", action="store_false",
                            help=_("Do not import the sample department files for the demo district."))

    def handle(self, *args, city: str, rate: int, seed: int, replace: bool, as_of, refdata, wet_run: bool = False,
               with_exchange: bool = True, **options) -> None:
        if rate < 1:
            raise CommandError(_("--rate must be 1 or more."))
        verbosity = options.get("verbosity", 1)
        started = time.perf_counter()

        def on_step(name: str, n: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {name}: {n} ({time.perf_counter() - started:.1f}s)")

        sample = None
        try:
            with transaction.atomic():
                if replace:
                    exchange.wipe_exchange()
                result = load_demo(city, rate=rate, seed=seed, replace=replace, as_of=as_of, refdata=refdata,
                                   on_step=on_step)
                # The sample district must lie in the loaded region (a county load may not include it).
                if with_exchange and exchange.DISTRICT.startswith(city):
                    sample = exchange.load_exchange(result.source, as_of=as_of, seed=seed)
                    on_step("exchange", len(sample.runs))
                if not wet_run:
                    transaction.set_rollback(True)
        except DemoConflict as exc:
            raise CommandError(
                _("Another demo region is loaded (%(codes)s). Use --replace to swap it.") % {"codes": exc}
            ) from None
        except ReferenceError as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        if not wet_run:
            counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
            self.stdout.write(self.style.WARNING(
                _("Dry run: demo region %(code)s would load %(counts)s. Nothing was written (add --wet-run).")
                % {"code": result.source.code, "counts": counts}))
            self.print_exchange(sample)
            return
        if result.loaded:
            counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
            self.stdout.write(self.style.SUCCESS(
                _("Demo region %(code)s loaded in %(s).1f s: %(counts)s.")
                % {"code": result.source.code, "s": elapsed, "counts": counts}))
        else:
            self.stdout.write(_("Demo region %(code)s is already loaded; demo accounts reset.")
                              % {"code": result.source.code})
        self.print_exchange(sample)
        if verbosity >= 1:
            self.print_accounts(result.accounts)

    def print_exchange(self, sample: exchange.ExchangeResult | None) -> None:
        if sample is None:
            return
        if sample.skipped:
            self.stdout.write(_("Sample department files for %(district)s were imported already.")
                              % {"district": exchange.DISTRICT})
            return
        lists = ", ".join(f"{kind} {n}" for kind, n in sample.worklists.items()) or "0"
        self.stdout.write(_(
            "Sample department files for %(district)s: %(files)d files, %(read)d rows read, %(accepted)d accepted, "
            "%(staged)d staged for linkage (%(linked)d linked), %(quarantined)d quarantined; open worklist entries "
            "in the city: %(lists)s."
        ) % {"district": exchange.DISTRICT, "files": len(sample.runs), "read": sample.total("read"),
             "accepted": sample.total("accepted") + sample.total("updated") + sample.total("unchanged"),
             "staged": sample.total("staged"), "linked": sample.linked.get("linked", 0),
             "quarantined": sample.total("quarantined"), "lists": lists})

    def print_accounts(self, accounts) -> None:
        headers = (_("username"), _("role"), _("scope"), _("password"))
        rows = [(a.username, a.role, a.scope, a.password) for a in accounts]
        widths = [max(_display_width(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

        def line(cells) -> str:
            return "  ".join(str(c) + " " * (w - _display_width(str(c))) for c, w in zip(cells, widths, strict=True))

        self.stdout.write("")
        self.stdout.write(_("Demo accounts (synthetic data):"))
        self.stdout.write(line(headers))
        self.stdout.write(line("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(
            _("Staff accounts also need a second factor: TOTP secret %(secret)s, or print the current code with "
              "`python manage.py accounts_totp_code <username>`.") % {"secret": DEMO_TOTP_SECRET})


def _display_width(text: str) -> int:
    """Terminal width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
