from django.db import migrations

from newsroom.roles import sync_roles


def grant_pages(apps, schema_editor):
    # Editors manage pages and menus; journalists may draft pages (newsroom/roles.py).
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0005_merge_0003_search_vector_0004_roles_body_images"),
        ("comments", "0003_email_index_case_insensitive"),
    ]

    operations = [migrations.RunPython(grant_pages, migrations.RunPython.noop)]
