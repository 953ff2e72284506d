"""Moving the old schema's featured images and BodyImage rows into the library (migrations 0009-0011)."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from PIL import Image as Picture

from .photos import SECRETS, camera_jpeg

BEFORE = [
    ("articles", "0008_article_is_featured"),
    ("library", "0001_initial"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
]
AFTER = [("articles", "0011_remove_old_image_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _whole_schema_after():
    """The test leaves the schema part-way: brought back whole before the database is flushed
    (flushing runs every app's post_migrate, which needs today's tables)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def jpeg(color, size=(1400, 900)) -> ContentFile:
    buffer = io.BytesIO()
    Picture.new("RGB", size, color).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


@pytest.mark.django_db(transaction=True)
def test_featured_and_body_images_of_the_old_schema_move_into_the_library(settings):
    old = migrate(BEFORE)
    Article = old.get_model("articles", "Article")
    BodyImage = old.get_model("articles", "BodyImage")
    now = timezone.now()

    featured_name = default_storage.save("articles/2026/11/checkpoint.jpg", camera_jpeg())
    shared_name = default_storage.save("articles/2026/11/market.jpg", jpeg((200, 120, 40)))
    body_name = default_storage.save("body/2026/11/dam.jpg", jpeg((20, 60, 160)))
    BodyImage.objects.create(
        image=body_name, width=1400, height=900, alt_text="The Salma dam", caption="At dusk", credit="Zahra"
    )
    base = default_storage.url("")
    first = Article.objects.create(
        title="Checkpoint",
        slug="checkpoint",
        status="published",
        publish_at=now,
        publish_date=now.date(),
        featured_image=featured_name,
        image_alt="A checkpoint",
        image_caption="On the road",
        image_credit="Staff",
        body=(
            f'<p>Text.</p><figure><img src="{base}{body_name}" alt="Dam at dusk" srcset="{base}x 480w">'
            "<figcaption>At dusk</figcaption></figure>"
        ),
    )
    second = Article.objects.create(
        title="Market",
        slug="market",
        status="published",
        publish_at=now,
        publish_date=now.date(),
        featured_image=shared_name,
        image_alt="A market",
        body='<p>An image from elsewhere <img src="https://example.org/a.jpg" alt="x"></p>',
    )
    no_image = Article.objects.create(title="Words", slug="words", status="draft", body="<p>Only words.</p>")
    # A saved revision of the first article, as django-reversion serialized it.
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_type = content_types.get(app_label="articles", model="article")
    revision = old.get_model("reversion", "Revision").objects.create(date_created=now, comment="")
    saved = {"title": "Checkpoint", "featured_image": featured_name, "image_alt": "A checkpoint"}
    old.get_model("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(first.pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "articles.article", "pk": first.pk, "fields": saved}]),
        object_repr="Checkpoint",
    )

    new = migrate(AFTER)
    Article = new.get_model("articles", "Article")
    Image = new.get_model("library", "Image")
    assert Image.objects.count() == 3

    moved = Article.objects.get(pk=first.pk)
    image = Image.objects.get(pk=moved.featured_image_id)
    assert (image.alt_text, image.caption, image.credit, image.legacy_name) == (
        "A checkpoint",
        "On the road",
        "Staff",
        featured_name,
    )
    assert (image.width, image.height) == (800, 1200)  # orientation 6 applied
    version = new.get_model("reversion", "Version").objects.get(object_id=str(first.pk))
    restored = json.loads(version.serialized_data)[0]["fields"]
    assert restored == {"title": "Checkpoint", "featured_image": image.pk}  # restorable after the change
    assert Image.objects.get(pk=Article.objects.get(pk=second.pk).featured_image_id).alt_text == "A market"
    assert Article.objects.get(pk=no_image.pk).featured_image_id is None

    in_body = Image.objects.get(legacy_name=body_name)
    assert (in_body.alt_text, in_body.credit) == ("The Salma dam", "Zahra")
    sizes = in_body.renditions["sizes"]
    assert f'src="{default_storage.url(sizes[len(sizes) // 2]["fallback"])}"' in moved.body
    assert 'alt="Dam at dusk"' in moved.body  # the alt written in the editor is kept
    assert body_name not in moved.body
    assert '<img src="https://example.org/a.jpg" alt="x">' in Article.objects.get(pk=second.pk).body

    media = Path(settings.MEDIA_ROOT)
    for name in (featured_name, shared_name, body_name):
        assert not (media / name).exists(), name  # the old original's address answers 404
    for library_image in Image.objects.all():
        assert (media / library_image.file.name).is_file()
        for entry in [*library_image.renditions["sizes"], *library_image.renditions["crops"].values()]:
            assert (media / entry["fallback"]).is_file()
    for path in media.rglob("*"):
        if path.is_file():
            assert not any(secret in path.read_bytes() for secret in SECRETS), path
