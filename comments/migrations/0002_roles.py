from django.db import migrations

# The roles' groups and permissions are no longer set by migrations: newsroom.roles.sync_roles
# runs after every migrate (post_migrate), so this old migration stays the same when roles change.


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = []
