from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from newsroom import roles


class Command(BaseCommand):
    help = "Give a user a newsroom role (Journalist, Editor, Moderator), or take it away with --remove."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=", ".join(roles.ROLE_PERMISSIONS))
        parser.add_argument("--remove", action="store_true", help="Take the role away instead.")

    def handle(self, username, role, remove=False, **options):
        names = {name.lower(): name for name in roles.ROLE_PERMISSIONS}
        if role.lower() not in names:
            raise CommandError(f"Unknown role {role!r}; choose one of: {', '.join(roles.ROLE_PERMISSIONS)}.")
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.")
        group = Group.objects.get(name=names[role.lower()])
        if remove:
            user.groups.remove(group)
            self.stdout.write(f"{username} is no longer a {group.name}.")
            return
        user.groups.add(group)
        if not user.is_staff:
            # Every role works in the admin.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(self.style.SUCCESS(f"{username} is now a {group.name}."))
