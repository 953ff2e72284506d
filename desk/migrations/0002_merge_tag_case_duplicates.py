"""Tags became case-insensitive: "Pakistan" and "pakistan" are merged into one.

The tag kept is the one with the most taggings (the oldest on a tie); every
article keeps its tagging, and the merged tags' addresses redirect to the kept
tag's page.
"""

from collections import defaultdict

from django.db import migrations


def merge_case_duplicates(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    MovedAddress = apps.get_model("desk", "MovedAddress")
    groups = defaultdict(list)
    for tag in Tag.objects.order_by("pk"):
        groups[tag.name.casefold()].append(tag)
    for tags in groups.values():
        if len(tags) < 2:
            continue
        counts = {tag.pk: TaggedItem.objects.filter(tag_id=tag.pk).count() for tag in tags}
        kept = max(tags, key=lambda tag: (counts[tag.pk], -tag.pk))
        for tag in tags:
            if tag.pk == kept.pk:
                continue
            for item in TaggedItem.objects.filter(tag_id=tag.pk):
                already = TaggedItem.objects.filter(
                    tag_id=kept.pk, content_type_id=item.content_type_id, object_id=item.object_id
                ).exists()
                if already:
                    item.delete()
                else:
                    item.tag_id = kept.pk
                    item.save(update_fields=["tag"])
            MovedAddress.objects.filter(tag_id=tag.pk).update(tag_id=kept.pk)
            MovedAddress.objects.update_or_create(path=f"/tag/{tag.slug}/", defaults={"tag_id": kept.pk})
            tag.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(merge_case_duplicates, migrations.RunPython.noop)]
