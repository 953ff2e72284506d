from django.db import migrations

# The roles' groups and permissions are no longer set by migrations: newsroom.roles.sync_roles
# runs after every migrate (post_migrate), so this old migration stays the same when roles change.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = []
