"""python manage.py export_commenter_data EMAIL [--output FILE]: a commenter's data as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from comments.privacy import export_commenter_data


class Command(BaseCommand):
    help = "Print (or write to a file) every reply and moderation record held for an email address, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", "-o", help="Write the JSON to this file instead of the terminal.")

    def handle(self, email, output=None, **options):
        if "@" not in email:
            raise CommandError(f"{email!r} is not an email address.")
        data = export_commenter_data(email)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"{len(data['replies'])} replies of {email} written to {output}.")
        else:
            self.stdout.write(text)
