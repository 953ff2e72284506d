from django.db import migrations

# Journalists add guest bylines (articles.add_author): newsroom/roles.py. The roles' groups and
# permissions are set by newsroom.roles.sync_roles after every migrate (post_migrate), not here.


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_merge_tag_case_duplicates"),
        ("comments", "0003_email_index_case_insensitive"),
    ]

    operations = []
