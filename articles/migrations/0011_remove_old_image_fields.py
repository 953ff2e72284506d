from django.db import migrations


class Migration(migrations.Migration):
    """The old image columns and the BodyImage table go, now empty of purpose (step 3 of 3)."""

    dependencies = [("articles", "0010_move_images_into_library")]

    operations = [
        migrations.RemoveField("article", "legacy_featured_image"),
        migrations.RemoveField("article", "image_width"),
        migrations.RemoveField("article", "image_height"),
        migrations.RemoveField("article", "image_alt"),
        migrations.RemoveField("article", "image_caption"),
        migrations.RemoveField("article", "image_credit"),
        migrations.RemoveField("article", "renditions"),
        migrations.DeleteModel("BodyImage"),
    ]
