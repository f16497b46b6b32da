"""Issue (or rotate) the API token of a partner-department account and print it once.

A partner account is an ordinary user with a staff role and a division (e.g. an analyst at a city), so
the API scopes it like any other user. Without `--rotate` an existing token is left alone: the key
is only ever printed when it is created, and rotating cuts off the old key immediately.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind


class Command(BaseCommand):
    help = "Create or rotate the API token of a staff account and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace an existing token (the old key stops working)."
        )

    @transaction.atomic
    def handle(self, *args, username: str, rotate: bool = False, **options):
        User = get_user_model()
        try:
            user = User.objects.select_related("division").get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; activate the account first.")
        if not (user.is_staff_role or user.is_superuser):
            raise CommandError(
                f"User {username!r} has the role {user.role!r}; API tokens are for staff and partner-department "
                "accounts (caseworker, inspector, analyst, leader, administrator)."
            )
        existing = Token.objects.filter(user=user).first()
        if existing and not rotate:
            raise CommandError(
                f"User {username!r} already has a token (created {existing.created:%Y-%m-%d %H:%M}). "
                "Keys are shown only once; use --rotate to replace it."
            )
        if existing:
            existing.delete()
        token = Token.objects.create(user=user)
        record_event(
            user,
            actor="manage.py api_issue_token",
            kind=EventKind.RECORD_CREATED,
            data={"what": "api_token", "rotated": existing is not None},
        )
        scope = user.division.full_name() if user.division_id else "national"
        self.stderr.write(
            f"{'Rotated' if existing else 'Issued'} API token for {username} ({user.role}, {scope}). "
            "Store it now; it will not be shown again."
        )
        self.stdout.write(token.key)
