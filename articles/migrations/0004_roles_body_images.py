from django.db import migrations

from newsroom.roles import sync_roles


def grant_body_images(apps, schema_editor):
    # Journalists and editors upload pictures for article bodies (SPEC §1).
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_body_images")]

    operations = [migrations.RunPython(grant_body_images, migrations.RunPython.noop)]
