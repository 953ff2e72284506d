"""Tag links of our own, with each article's listing time copied in.

taggit's generic links are moved row for row (same ids) into ``ArticleTag``,
and the revisions that kept them are rewritten to name the new model, so an
older version restores its tags. Links pointing at no article are dropped.
"""

import json

import django.db.models.deletion
import taggit.managers
from django.core.management.color import no_style
from django.db import migrations, models

BATCH = 2000


def _types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    article = ContentType.objects.filter(app_label="articles", model="article").first()
    old, _ = ContentType.objects.get_or_create(app_label="taggit", model="taggeditem")
    new, _ = ContentType.objects.get_or_create(app_label="articles", model="articletag")
    return article, old, new


def _reset_sequence(schema_editor, model):
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _rewrite_versions(apps, from_type, to_type, convert):
    """Point kept versions of tag links at the other model, their data converted."""
    Version = apps.get_model("reversion", "Version")
    for version in Version.objects.filter(content_type=from_type, format="json").iterator():
        data = json.loads(version.serialized_data)
        converted = [convert(obj) for obj in data]
        if None in converted:  # a link to something else than an article: left as it is
            continue
        version.serialized_data = json.dumps(converted)
        version.content_type = to_type
        version.save(update_fields=["serialized_data", "content_type"])


def forward(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleTag = apps.get_model("articles", "ArticleTag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    article_type, old_type, new_type = _types(apps)
    if article_type is None:  # a new database: nothing tagged yet
        return
    links = TaggedItem.objects.filter(content_type=article_type)
    listed = dict(Article.objects.filter(status="published").values_list("pk", "publish_at"))
    existing = set(Article.objects.values_list("pk", flat=True))
    moved = (
        ArticleTag(
            pk=link.pk,
            tag_id=link.tag_id,
            content_object_id=link.object_id,
            listed_at=listed.get(link.object_id),
        )
        for link in links.iterator()
        if link.object_id in existing
    )
    ArticleTag.objects.bulk_create(moved, batch_size=BATCH)
    links.delete()
    _reset_sequence(schema_editor, ArticleTag)

    def convert(obj):
        fields = obj["fields"]
        if fields.get("content_type") != article_type.pk:
            return None
        return {
            "model": "articles.articletag",
            "pk": obj["pk"],
            "fields": {"tag": fields["tag"], "content_object": fields["object_id"]},
        }

    _rewrite_versions(apps, old_type, new_type, convert)


def backward(apps, schema_editor):
    ArticleTag = apps.get_model("articles", "ArticleTag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    article_type, old_type, new_type = _types(apps)
    if article_type is None:
        return
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(
                pk=link.pk,
                tag_id=link.tag_id,
                content_type_id=article_type.pk,
                object_id=link.content_object_id,
            )
            for link in ArticleTag.objects.iterator()
        ),
        batch_size=BATCH,
    )
    ArticleTag.objects.all().delete()
    _reset_sequence(schema_editor, TaggedItem)

    def convert(obj):
        fields = obj["fields"]
        old = {"tag": fields["tag"], "content_type": article_type.pk, "object_id": fields["content_object"]}
        return {"model": "taggit.taggeditem", "pk": obj["pk"], "fields": old}

    _rewrite_versions(apps, new_type, old_type, convert)


def make_missing_search_vectors(apps, schema_editor):
    """The search documents earlier migrations left to be made, with today's code (articles.search),
    in steps that each stay well within a statement timeout."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search import refresh_search_vectors

    Article = apps.get_model("articles", "Article")
    missing = list(Article.objects.filter(search_vector__isnull=True).values_list("pk", flat=True))
    for first in range(0, len(missing), 1000):
        refresh_search_vectors(missing[first : first + 1000])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_merge_0012_embedprovider_0013_newest_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("listed_at", models.DateTimeField(editable=False, null=True)),
                (
                    "content_object",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tag_links",
                        to="articles.article",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_items",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={"verbose_name": "tag link", "verbose_name_plural": "tag links"},
        ),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(
                condition=models.Q(("listed_at__isnull", False)),
                fields=["tag", "-listed_at", "-content_object"],
                name="article_tag_listed_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="articletag",
            constraint=models.UniqueConstraint(fields=("content_object", "tag"), name="article_tag_once"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="articles.ArticleTag",
                to="taggit.Tag",
                verbose_name="tags",
            ),
        ),
        migrations.RunPython(make_missing_search_vectors, migrations.RunPython.noop),
    ]
