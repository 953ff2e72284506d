from django.db import migrations

# The roles' groups and permissions are no longer set by migrations: newsroom.roles.sync_roles
# runs after every migrate (post_migrate), so this old migration stays the same when roles change.


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0005_merge_0003_search_vector_0004_roles_body_images"),
        ("comments", "0003_email_index_case_insensitive"),
    ]

    operations = []
