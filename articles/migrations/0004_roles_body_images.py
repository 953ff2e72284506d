from django.db import migrations

# The roles' groups and permissions are no longer set by migrations: newsroom.roles.sync_roles
# runs after every migrate (post_migrate), so this old migration stays the same when roles change.


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_body_images")]

    operations = []
