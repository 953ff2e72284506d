from django.db import migrations

from newsroom.roles import sync_roles


def grant_moderation(apps, schema_editor):
    # The Moderator group's reply permissions (SPEC §1) come from the roles table.
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_moderation, migrations.RunPython.noop)]
