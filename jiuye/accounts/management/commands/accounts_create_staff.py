"""Create a staff account with a role and a division. Writes only with --wet-run."""

from __future__ import annotations

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiuye.accounts.enums import STAFF_ROLES, Role
from jiuye.accounts.models import User
from jiuye.geography.models import Division


class Command(BaseCommand):
    help = "Create a staff account (caseworker, inspector, analyst, leader, admin) bound to a division."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(r.value for r in STAFF_ROLES))
        parser.add_argument(
            "--division", default="", help="Division code, e.g. 430302. Leave empty only for a national admin."
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="Full name shown in the interface.")
        parser.add_argument("--password", default=None, help="Asked for interactively when not given.")
        parser.add_argument("--wet-run", action="store_true", help="Actually create the account.")

    def handle(self, *args, username, role, division, email, name, password, wet_run, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        div = None
        if division:
            div = Division.objects.filter(code=division).first()
            if div is None:
                raise CommandError(f"No division has code {division!r}. Load the reference data first.")
        elif role != Role.ADMIN:
            raise CommandError("Only an admin may have national scope; give --division for every other role.")
        scope = div.full_name() if div else "national"
        if not wet_run:
            self.stdout.write(f"Would create {role} {username!r} with scope {scope}. Add --wet-run to do it.")
            return
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        user = User(username=username, role=role, division=div, email=email, is_staff=(role == Role.ADMIN))
        user.first_name = name
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("Password refused: " + " ".join(exc.messages)) from exc
        user.set_password(password)
        with transaction.atomic():
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {role} {username!r} with scope {scope}. They set up their second factor at first sign-in."
            )
        )
