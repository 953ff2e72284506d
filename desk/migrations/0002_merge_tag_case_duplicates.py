"""Tags became case-insensitive: "Pakistan" and "pakistan" are merged into one.

The tag kept is the one with the most taggings (the oldest on a tie); every
article keeps its tagging, and the merged tags' addresses redirect to the kept
tag's page.
"""

from collections import defaultdict

from django.db import migrations


def _link_models(apps):
    """taggit's generic links and, once articles moved theirs (articles 0015), ours: whichever
    ran first, every tagging is moved to the kept tag before the others are deleted."""
    links = [(apps.get_model("taggit", "TaggedItem"), ("content_type_id", "object_id"))]
    try:
        links.append((apps.get_model("articles", "ArticleTag"), ("content_object_id",)))
    except LookupError:
        pass
    return links


def merge_case_duplicates(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    links = _link_models(apps)
    MovedAddress = apps.get_model("desk", "MovedAddress")
    groups = defaultdict(list)
    for tag in Tag.objects.order_by("pk"):
        groups[tag.name.casefold()].append(tag)
    for tags in groups.values():
        if len(tags) < 2:
            continue
        counts = {
            tag.pk: sum(model.objects.filter(tag_id=tag.pk).count() for model, _ in links) for tag in tags
        }
        kept = max(tags, key=lambda tag: (counts[tag.pk], -tag.pk))
        for tag in tags:
            if tag.pk == kept.pk:
                continue
            for model, tagged in links:
                for item in model.objects.filter(tag_id=tag.pk):
                    same = {name: getattr(item, name) for name in tagged}
                    if model.objects.filter(tag_id=kept.pk, **same).exists():
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
