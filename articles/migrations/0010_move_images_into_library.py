"""Every featured image and body image of the old schema moves into the media library (step 2 of 3).

Each stored original is read once, cleaned (orientation applied, EXIF, XMP,
IPTC and GPS removed) and stored again under a random library name with new
renditions, by the same code as an upload (``library.images``); the old
original is then deleted, so its old address answers 404. Old renditions stay
where they were (Pillow never wrote metadata into them), so links already
shared keep working. Bodies are rewritten to the library's renditions, and
each library image remembers its old name (``legacy_name``) so a body
restored from an older revision still finds it.

A missing or unreadable file is reported on the console and skipped: the
article keeps its text, without that picture.
"""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import migrations


def _title(name: str) -> str:
    stem = posixpath.splitext(posixpath.basename(name))[0]
    return stem.replace("-", " ").replace("_", " ")[:200] or "Image"


def _library_image(Image, name: str, **details):
    """A library row for the stored file ``name`` (made once per file), or None if unreadable."""
    from library import images

    existing = Image.objects.filter(legacy_name=name).first()
    if existing is not None:
        return existing
    if not name or not default_storage.exists(name):
        print(f"\n  media library: {name or '(no file)'} is missing; skipped")
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            prepared = images.prepare(handle)
    except ValidationError as error:
        print(f"\n  media library: {name} refused ({' '.join(error.messages)}); skipped")
        return None
    import uuid

    try:
        key = uuid.uuid4().hex
        image = Image.objects.create(
            title=details.get("title") or _title(name),
            file=prepared.store_master(),
            key=key,
            width=prepared.width,
            height=prepared.height,
            alt_text=details.get("alt_text", "")[:250],
            caption=details.get("caption", "")[:300],
            credit=details.get("credit", "")[:150],
            renditions=prepared.store_renditions(key, 1),
            checksum=prepared.checksum,
            legacy_name=name,
            uploaded_by_id=details.get("uploaded_by_id"),
        )
    finally:
        prepared.cleanup()
    return image


def _point_revisions_at_the_library(apps, Image):
    """Saved versions name the featured image by file; restoring one needs the library id."""
    import json

    if not apps.is_installed("reversion"):
        return
    Version = apps.get_model("reversion", "Version")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="articles", model="article").first()
    if content_type is None:
        return
    by_name = dict(Image.objects.exclude(legacy_name="").values_list("legacy_name", "pk"))
    old_fields = ("image_width", "image_height", "image_alt", "image_caption", "image_credit", "renditions")
    for version in Version.objects.filter(content_type=content_type, format="json").iterator():
        try:
            data = json.loads(version.serialized_data)
        except ValueError:
            continue
        changed = False
        for entry in data:
            fields = entry.get("fields", {})
            name = fields.get("featured_image")
            if isinstance(name, str):
                fields["featured_image"] = by_name.get(name)
                changed = True
            for field in old_fields:
                changed = fields.pop(field, None) is not None or changed
        if changed:
            Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))


def forwards(apps, schema_editor):
    from library.bodies import responsive_body_images

    Article = apps.get_model("articles", "Article")
    BodyImage = apps.get_model("articles", "BodyImage")
    Image = apps.get_model("library", "Image")
    moved = set()

    for body_image in BodyImage.objects.order_by("pk").iterator():
        image = _library_image(
            Image,
            body_image.image.name,
            alt_text=body_image.alt_text,
            caption=body_image.caption,
            credit=body_image.credit,
            uploaded_by_id=body_image.uploaded_by_id,
        )
        if image is not None:
            moved.add(body_image.image.name)

    articles = Article.objects.exclude(legacy_featured_image="").exclude(legacy_featured_image__isnull=True)
    for article in articles.order_by("pk").iterator():
        image = _library_image(
            Image,
            article.legacy_featured_image.name,
            title=article.title,
            alt_text=article.image_alt,
            caption=article.image_caption,
            credit=article.image_credit,
            uploaded_by_id=article.created_by_id,
        )
        if image is not None:
            Article.objects.filter(pk=article.pk).update(featured_image=image)
            moved.add(article.legacy_featured_image.name)

    def find(refs):
        from library.models import BODY_SIZES

        found = {}
        for image in Image.objects.filter(legacy_name__in=refs):
            sizes = image.renditions.get("sizes", [])
            if not sizes:
                continue
            found[image.legacy_name] = {
                "src": default_storage.url(sizes[len(sizes) // 2]["fallback"]),
                "srcset": ", ".join(f"{default_storage.url(s['fallback'])} {s['width']}w" for s in sizes),
                "sizes": BODY_SIZES,
                "width": sizes[-1]["width"],
                "height": sizes[-1]["height"],
                "alt": image.alt_text,
            }
        return found

    for article in Article.objects.filter(body__contains="<img").only("pk", "body").iterator():
        body = responsive_body_images(article.body, find)
        if body != article.body:
            Article.objects.filter(pk=article.pk).update(body=body)

    _point_revisions_at_the_library(apps, Image)

    # Only now, with every row pointing at the library: the old originals go.
    for name in moved:
        default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_featured_image_from_library"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
