"""python manage.py erase_commenter_data EMAIL [--yes]: anonymise a commenter's replies."""

from django.core.management.base import BaseCommand, CommandError

from comments.privacy import erase_commenter_data, replies_by


class Command(BaseCommand):
    help = (
        "Erase a commenter's personal data: their replies stay, signed 'Anonymous', without "
        "email, website, IP address or browser. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, email, yes=False, **options):
        if "@" not in email:
            raise CommandError(f"{email!r} is not an email address.")
        count = replies_by(email).count()
        if not count:
            self.stdout.write(f"No replies are held for {email}; nothing to erase.")
            return
        if not yes and input(f"Erase the personal data of {count} replies by {email}? [y/N] ").lower() != "y":
            raise CommandError("Nothing erased.")
        erased = erase_commenter_data(email)
        self.stdout.write(self.style.SUCCESS(f"Erased the personal data of {erased} replies."))
