from django.db import migrations, models
from django.db.models import F


def published_articles_have_public_addresses(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", publish_at__isnull=False).update(
        first_published_at=F("publish_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_merge_0003_search_vector_0004_roles_body_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="first_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="first published"),
        ),
        migrations.RunPython(published_articles_have_public_addresses, migrations.RunPython.noop),
    ]
