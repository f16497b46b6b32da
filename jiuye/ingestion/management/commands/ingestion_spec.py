"""`python manage.py ingestion_spec [department] [--update FILE]`: the exchange layouts as Markdown.

The column tables in docs/exchange/<department>.md are generated from the adapters' Layout objects, so
the specification a department is given cannot drift from what the pipeline checks. `--update` rewrites
the part of FILE between the GENERATED markers (a documentation file, not the database).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiuye.ingestion.spec import BEGIN, END, department_markdown, replace_generated


class Command(BaseCommand):
    help = "Print (or update in a file) the exchange-file column tables generated from the adapters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("department", help="Department package, e.g. human_resources.")
        parser.add_argument("--update", type=Path, default=None,
                            help=f"Replace the text between {BEGIN} and {END} in this file.")

    def handle(self, *args, department: str, update: Path | None, **options) -> None:
        text = department_markdown(department)
        if not text:
            raise CommandError(f"No adapters registered for {department}.")
        if update is None:
            self.stdout.write(text)
            return
        try:
            update.write_text(replace_generated(update.read_text(encoding="utf-8"), text), encoding="utf-8")
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Updated {update}")
