from django.core.management.base import BaseCommand

from .seed_demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo users' logins, one per role."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins for http://127.0.0.1:8000/admin/"))
        for username, (group, password, is_superuser) in DEMO_USERS.items():
            role = "Administrator" if is_superuser else group
            self.stdout.write(f"  {role:<14} username: {username:<11} password: {password}")
        self.stdout.write("")
