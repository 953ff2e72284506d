import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The featured image becomes a choice from the media library (step 1 of 3)."""

    dependencies = [
        ("articles", "0008_article_is_featured"),
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("article", "featured_image", "legacy_featured_image"),
        migrations.AddField(
            model_name="article",
            name="featured_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Chosen from the media library; its alt text, caption and credit are shown with it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="featured_in",
                to="library.image",
                verbose_name="featured image",
            ),
        ),
    ]
