"""Print a staff user's current TOTP code. For demonstrations only: it defeats the second factor."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiuye.accounts import services
from jiuye.accounts.models import User


class Command(BaseCommand):
    help = (
        "Print the current six-digit second-factor code of a user (demo only). Runs only when DEBUG is on "
        "or with --i-know-this-is-a-demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--i-know-this-is-a-demo", action="store_true", dest="demo",
            help="Confirm this installation holds demo data only, so printing a live code is acceptable.",
        )
        parser.add_argument(
            "--set-up", action="store_true", dest="set_up",
            help="If the user has no second factor yet, create and confirm one first.",
        )

    def handle(self, *args, username: str, demo: bool, set_up: bool, **options):
        if not (settings.DEBUG or demo):
            raise CommandError(
                "Refusing to print a second-factor code: anyone who can run this command could then sign in as "
                "that user, which defeats the second factor. It runs only when DEBUG is on (a development "
                "machine) or with --i-know-this-is-a-demo on an installation that holds demo data only."
            )
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if not user.needs_second_factor:
            raise CommandError(f"{username} is a {user.get_role_display()} account and signs in with a password only.")
        if not user.totp_confirmed:
            if not set_up:
                raise CommandError(
                    f"{username} has not set up a second factor yet. They do so at their first sign-in, "
                    "or pass --set-up to create one now."
                )
            services.enrol_totp_directly(user)
        self.stdout.write(services.current_totp_code(user))
