from django.core.management.base import BaseCommand

from .seed_demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo users' logins, one per role."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="127.0.0.1:8000", help="where the site is served")

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins for http://{options['address']}/admin/"))
        for username, (group, password, is_superuser) in DEMO_USERS.items():
            role = "Administrator" if is_superuser else group
            self.stdout.write(f"  {role:<14} username: {username:<11} password: {password}")
        self.stdout.write("")
