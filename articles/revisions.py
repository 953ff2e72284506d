"""Revisions of articles: what is kept, the lost-edit guard and comparisons.

django-reversion keeps every admin save as a revision holding the article
and the rows that hang off it (bylines, corrections, tag links), so a restore
brings back categories, authors and tags along with the text. A restore
writes only the article and those links (``restore``): tags, authors and
categories are shared by every article, so an old copy of one must never
overwrite an editor's rename or delete it from the rest of the site.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version
from taggit.models import Tag

from .models import Article, ArticleTag, Author, Byline, Category, Correction

# Registered here, not with VersionAdmin's guesswork, so the follow list is
# explicit. The tags themselves are not followed: they belong to the whole site.
reversion.register(ArticleTag)
reversion.register(Byline)
reversion.register(Correction)
reversion.register(Article, follow=["bylines", "corrections", "tag_links"])

# The rows that belong to one article and come back with it on a restore.
OWN_LINKS: tuple[type[models.Model], ...] = (Byline, Correction, ArticleTag)


def _points_at_a_deleted_row(obj: models.Model, field: models.Field) -> bool:
    value = getattr(obj, field.attname)
    return value is not None and not field.related_model._base_manager.filter(pk=value).exists()


def _foreign_keys(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.many_to_one]


@transaction.atomic
def restore(version: Version) -> Article:
    """Put an article back as ``version`` kept it, changing nothing but the article.

    Its fields, categories, bylines, corrections and tag links are restored;
    shared rows (tags, authors, categories, images) are never written or
    deleted, and a link to one deleted since is left out. Rows of other
    models that older revisions may hold (tags were kept once) are ignored.
    """
    kept = version._object_version
    article = kept.object
    current = Article.objects.filter(pk=article.pk).first()  # None when recovering a deleted article
    for field in _foreign_keys(Article):
        if _points_at_a_deleted_row(article, field):
            setattr(article, field.attname, getattr(current, field.attname) if current else None)
    article.save()
    categories = kept.m2m_data.get("categories", [])
    article.categories.set(Category.objects.filter(pk__in=categories))

    links = {model: [] for model in OWN_LINKS}
    for other in version.revision.version_set.exclude(pk=version.pk).select_related("content_type"):
        model = other.content_type.model_class()
        if model in links:
            links[model].append(other._object_version.object)
    for model, objects in links.items():
        mine = _links_of(model, article)
        mine.exclude(pk__in=[obj.pk for obj in objects]).delete()
        for obj in objects:
            if not any(_points_at_a_deleted_row(obj, field) for field in _foreign_keys(model)):
                obj.save()
    return article


def _links_of(model: type[models.Model], article: Article) -> models.QuerySet:
    return article.tag_links.all() if model is ArticleTag else model.objects.filter(article=article)


# --- the lost-edit guard -----------------------------------------------------
def edit_token(article: Article) -> str:
    """A marker of the last kept save, sent with the form and compared on save."""
    if article.pk is None:
        return ""
    latest = Version.objects.get_for_object(article).values_list("pk", flat=True).first()
    return str(latest or 0)


def saves_since(article: Article, token: str) -> list[Version]:
    """The saves made after the form carrying ``token`` was opened, newest first."""
    try:
        seen = int(token)
    except (TypeError, ValueError):
        seen = -1
    return list(Version.objects.get_for_object(article).filter(pk__gt=seen).select_related("revision__user"))


def who_saved(versions: list[Version]) -> str:
    names = []
    for version in versions:
        user = version.revision.user
        name = (user.get_full_name() or user.get_username()) if user else _("someone (an import or script)")
        if name not in names:
            names.append(name)
    return ", ".join(names)


STALE_ARTICLE = gettext_lazy(
    "%(who)s saved this article at %(time)s, after you opened it. Your changes were NOT saved, "
    "so nothing of theirs was overwritten. Your version is still in the form below: copy what "
    "you need, reload the page to see their changes, and apply yours again."
)


def stale_message(versions: list[Version], text: str = STALE_ARTICLE) -> str:
    when = timezone.localtime(versions[0].revision.date_created).strftime("%H:%M")
    return text % {"who": who_saved(versions), "time": when}


# --- comparing two versions -------------------------------------------------
@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    changed: bool
    diff: SafeString


def _body_text(html: str) -> str:
    # Block ends become line breaks so the diff follows paragraphs.
    text = re.sub(r"</(p|h\d|li|blockquote|figure|tr)>", "\n", html or "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    return strip_tags(text).strip()


def snapshot(version: Version) -> dict[str, str]:
    """The readable state of an article as kept in ``version``."""
    data = version.field_dict
    related = list(version.revision.version_set.select_related("content_type"))
    byline_type = ContentType.objects.get_for_model(Byline)
    tag_link_type = ContentType.objects.get_for_model(ArticleTag)
    bylines = sorted(
        (v.field_dict for v in related if v.content_type_id == byline_type.pk),
        key=lambda fields: (fields["position"], fields["id"]),
    )
    author_names = dict(
        Author.objects.filter(pk__in=[b["author_id"] for b in bylines]).values_list("pk", "name")
    )
    tag_ids = [v.field_dict["tag_id"] for v in related if v.content_type_id == tag_link_type.pk]
    category_names = dict(Category.objects.values_list("pk", "name"))
    status = dict(Article.Status.choices).get(data.get("status"), data.get("status"))
    publish_at = data.get("publish_at")
    return {
        _("Title"): data.get("title", ""),
        _("Slug"): data.get("slug", ""),
        _("Dek"): data.get("dek", ""),
        _("Body"): _body_text(data.get("body", "")),
        _("Status"): str(status),
        _("Publish time"): timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M") if publish_at else "",
        _("Authors"): ", ".join(author_names.get(b["author_id"], "?") for b in bylines),
        _("Source line"): data.get("source_line", ""),
        _("Primary category"): category_names.get(data.get("primary_category_id"), ""),
        _("Categories"): ", ".join(sorted(category_names.get(pk, "?") for pk in data.get("categories", []))),
        _("Tags"): ", ".join(sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))),
        _("Featured image"): _image_title(data.get("featured_image")),
        _("SEO title"): data.get("seo_title", ""),
        _("SEO description"): data.get("seo_description", ""),
    }


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with removed words in <del> and added words in <ins>, escaped."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if tag in ("replace", "insert"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
    return mark_safe("".join(parts))


def compare(old: Version, new: Version) -> list[FieldChange]:
    before, after = snapshot(old), snapshot(new)
    return [
        FieldChange(
            label=label,
            old=before[label],
            new=after[label],
            changed=before[label] != after[label],
            diff=word_diff(before[label], after[label]),
        )
        for label in after
    ]


def _image_title(value) -> str:
    """The library image's title; versions saved before the library hold the file's name."""
    if isinstance(value, int):
        from library.models import Image

        return Image.objects.filter(pk=value).values_list("title", flat=True).first() or ""
    return str(value or "")
