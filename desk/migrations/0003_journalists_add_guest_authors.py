from django.db import migrations

from newsroom.roles import sync_roles


def grant_guest_authors(apps, schema_editor):
    # Journalists add guest bylines (articles.add_author) from the byline field.
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_merge_tag_case_duplicates"),
        ("comments", "0003_email_index_case_insensitive"),
    ]

    operations = [migrations.RunPython(grant_guest_authors, migrations.RunPython.noop)]
