"""What each public page depends on, and which changes make it stale.

Pages record tags (``newsroom.pagecache.record``) for what they show; the
receivers below bump the tags a change touches. Two kinds of tag:

- an object's own content: ``article:ID``, ``category:ID``, ``author:ID``,
  ``tag:ID`` (a card, a byline, a breadcrumb shows it);
- a set of readable articles and its order: ``published`` (home, feeds),
  ``published:category:ID``, ``published:author:ID``, ``published:tag:ID``,
  ``published:month:YYYY-MM``, ``published:year:YYYY`` (listings, related
  boxes). ``published:content`` changes with the text of any readable article
  (search results, sitemaps).

Why receivers and not explicit calls: articles change through the admin and
its inlines, many-to-many widgets, taggit, the editorial workflow, the
WordPress importer and the shell. A forgotten call would be a stale page, and
model signals see every one of those paths. ``QuerySet.update()`` and
``bulk_create()`` send no signals: code that uses them on these models calls
``article_changed()`` (or ``pagecache.bump``) itself.

The one change without an event, a scheduled article's publish time passing,
is covered by ``next_scheduled_publish()``: no cached page outlives it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from library import bodies
from library.models import Image
from newsroom import pagecache

from . import embeds
from .models import Article, Author, Byline, Category, Correction, EmbedProvider, Masthead

PUBLISHED = "published"
CONTENT = "published:content"
MENU = "menu"
# The site name and tagline (Masthead), shown on every page.
MASTHEAD = "masthead"
CATEGORY_TREE = "category-tree"

# Fields whose change moves an article in or out of a listing, or within it.
LISTING_FIELDS = (
    "status", "publish_at", "is_pinned", "is_featured", "slug", "primary_category_id", "publish_date",
    "translation_of_id", "language",
)  # fmt: skip


def article_tag(pk) -> str:
    return f"article:{pk}"


def category_tag(pk) -> str:
    return f"category:{pk}"


def author_tag(pk) -> str:
    return f"author:{pk}"


def topic_tag(pk) -> str:
    """A taggit Tag's own name and slug (``tag:ID``), as a topic link or the tag page shows it."""
    return f"tag:{pk}"


def in_category(pk) -> str:
    return f"published:category:{pk}"


def by_author(pk) -> str:
    return f"published:author:{pk}"


def tagged(pk) -> str:
    return f"published:tag:{pk}"


def translations(root_pk) -> str:
    """The language versions of the story whose original is ``root_pk``."""
    return f"translations:{root_pk}"


def in_month(year: int, month: int) -> str:
    return f"published:month:{year:04d}-{month:02d}"


def in_year(year: int) -> str:
    return f"published:year:{year:04d}"


# --- what pages record -------------------------------------------------------------


def record_cards(request: HttpRequest, articles: Iterable[Article], bylines: bool = True) -> None:
    """A list of teaser cards shows each article, its primary category and, if asked, its authors."""
    pagecache.shows(request, *articles)
    if bylines:
        pagecache.record(request, *[author_tag(b.author_id) for a in articles for b in a.bylines.all()])


# Objects declare what they contribute to a page (Article.cache_tags() and
# friends); taggit's Tag is not ours to add a method to.
pagecache.declare(Tag, lambda tag: [topic_tag(tag.pk)])


def next_scheduled_publish() -> datetime.datetime | None:
    """When the next scheduled article goes live: no cached page may outlive it.

    Asked on every page stored, so the answer is shared until an article's
    status or time changes (both bump ``published``) or the moment passes.
    """

    def lookup():
        return (
            Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )

    def passed(moment):
        return moment is not None and moment <= timezone.now()

    return pagecache.remember("next-scheduled-publish", [PUBLISHED], lookup, stale=passed)


pagecache.default_expires = next_scheduled_publish


def serve(request: HttpRequest, render):
    """``pagecache.serve`` with the newsroom's one clock rule."""
    return pagecache.serve(request, render, expires=next_scheduled_publish)


def cache_for_readers(*tags: str):
    """Decorator for function views (feeds, sitemaps) that depend on fixed ``tags``."""

    def decorate(view):
        def wrapped(request, *args, **kwargs):
            def render():
                pagecache.record(request, MENU, *tags)
                return view(request, *args, **kwargs)

            return serve(request, render)

        wrapped.__name__ = getattr(view, "__name__", type(view).__name__)
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


# --- what changes bump -------------------------------------------------------------


def membership_tags(article: Article, dates: Iterable[datetime.datetime | None] = ()) -> list[str]:
    """The sets ``article`` belongs to; three small queries."""
    pk = article.pk
    tags = [PUBLISHED, CONTENT]
    tags += [
        in_category(c)
        for c in Article.categories.through.objects.filter(article_id=pk).values_list(
            "category_id", flat=True
        )
    ]
    tags += [by_author(a) for a in Byline.objects.filter(article_id=pk).values_list("author_id", flat=True)]
    tags += [
        tagged(t) for t in TaggedItem.objects.filter(**_tagged_filter(pk)).values_list("tag_id", flat=True)
    ]
    for moment in dates:
        if moment is not None:
            day = timezone.localdate(moment)
            tags += [in_month(day.year, day.month), in_year(day.year)]
    return tags


def _tagged_filter(article_pk) -> dict:
    return {"object_id": article_pk, "content_type__app_label": "articles", "content_type__model": "article"}


def article_changed(article: Article, before: dict | None = None) -> None:
    """Bump what an article's save changes; ``before`` holds its LISTING_FIELDS as they were."""
    listed_before = bool(before) and before["status"] == Article.Status.PUBLISHED
    listed = article.status == Article.Status.PUBLISHED
    tags = [article_tag(article.pk)]
    # Its story's other language versions link to it (and to where it was before).
    roots = {article.translation_of_id or article.pk, (before or {}).get("translation_of_id")}
    tags += [translations(root) for root in roots if root]
    if listed_before or listed:
        tags.append(CONTENT)
        after = {field: getattr(article, field) for field in LISTING_FIELDS}
        if before != after:
            # In or out of listings, moved within them, or its address changed.
            tags += membership_tags(article, dates=[(before or {}).get("publish_at"), article.publish_at])
    pagecache.bump(*tags)


def _is_listed(article_pk) -> bool:
    return Article.objects.filter(pk=article_pk, status=Article.Status.PUBLISHED).exists()


@receiver(pre_save, sender=Article, dispatch_uid="pagecache_article_pre_save")
def _article_remember(sender, instance: Article, raw=False, **kwargs):
    instance._listing_before = (
        Article.objects.filter(pk=instance.pk).values(*LISTING_FIELDS).first() if instance.pk else None
    )


@receiver(post_save, sender=Article, dispatch_uid="pagecache_article_saved")
def _article_saved(sender, instance: Article, **kwargs):
    article_changed(instance, getattr(instance, "_listing_before", None))


@receiver(pre_delete, sender=Article, dispatch_uid="pagecache_article_deleted")
def _article_deleted(sender, instance: Article, **kwargs):
    if instance.status == Article.Status.PUBLISHED:
        pagecache.bump(
            article_tag(instance.pk),
            translations(instance.translation_of_id or instance.pk),
            *membership_tags(instance, dates=[instance.publish_at]),
        )


@receiver(m2m_changed, sender=Article.categories.through, dispatch_uid="pagecache_article_categories")
def _categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # category.articles.add(...)
        article_ids = pk_set if pk_set is not None else instance.articles.values_list("pk", flat=True)
        pagecache.bump(in_category(instance.pk), CONTENT, *[article_tag(pk) for pk in article_ids])
        return
    tags = [article_tag(instance.pk)]
    if instance.status == Article.Status.PUBLISHED:
        ids = pk_set if pk_set is not None else instance.categories.values_list("pk", flat=True)
        tags += [CONTENT, *[in_category(pk) for pk in ids]]
    pagecache.bump(*tags)


@receiver(post_save, sender=Byline, dispatch_uid="pagecache_byline_saved")
@receiver(post_delete, sender=Byline, dispatch_uid="pagecache_byline_deleted")
def _byline_changed(sender, instance: Byline, **kwargs):
    tags = [article_tag(instance.article_id)]
    if _is_listed(instance.article_id):
        tags += [CONTENT, by_author(instance.author_id)]
    pagecache.bump(*tags)


@receiver(post_save, sender=TaggedItem, dispatch_uid="pagecache_taggeditem_saved")
@receiver(post_delete, sender=TaggedItem, dispatch_uid="pagecache_taggeditem_deleted")
def _tagging_changed(sender, instance: TaggedItem, **kwargs):
    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    if (content_type.app_label, content_type.model) != ("articles", "article"):
        return
    tags = [article_tag(instance.object_id)]
    if _is_listed(instance.object_id):
        tags += [CONTENT, tagged(instance.tag_id)]
    pagecache.bump(*tags)


@receiver(post_save, sender=Correction, dispatch_uid="pagecache_correction_saved")
@receiver(post_delete, sender=Correction, dispatch_uid="pagecache_correction_deleted")
def _correction_changed(sender, instance: Correction, **kwargs):
    pagecache.bump(article_tag(instance.article_id))


@receiver(pre_save, sender=Category, dispatch_uid="pagecache_category_pre_save")
def _category_remember(sender, instance: Category, **kwargs):
    instance._was_top_level = (
        Category.objects.filter(pk=instance.pk, parent__isnull=True).exists() if instance.pk else False
    )


@receiver(post_save, sender=Category, dispatch_uid="pagecache_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="pagecache_category_deleted")
def _category_changed(sender, instance: Category, **kwargs):
    # Names, order and nesting show on category pages, the home sections and
    # cards; the menu only lists top-level categories.
    tags = [category_tag(instance.pk), CATEGORY_TREE]
    if instance.parent_id is None or getattr(instance, "_was_top_level", False):
        tags.append(MENU)
    pagecache.bump(*tags)


@receiver(post_save, sender=Author, dispatch_uid="pagecache_author_saved")
@receiver(post_delete, sender=Author, dispatch_uid="pagecache_author_deleted")
def _author_changed(sender, instance: Author, **kwargs):
    pagecache.bump(author_tag(instance.pk))


@receiver(post_save, sender=Tag, dispatch_uid="pagecache_tag_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="pagecache_tag_deleted")
def _tag_changed(sender, instance: Tag, **kwargs):
    pagecache.bump(topic_tag(instance.pk))


@receiver(post_save, sender=Masthead, dispatch_uid="pagecache_masthead_saved")
@receiver(post_delete, sender=Masthead, dispatch_uid="pagecache_masthead_deleted")
def _masthead_changed(sender, instance: Masthead, **kwargs):
    Masthead.forget()
    pagecache.bump(MASTHEAD)


@receiver(post_save, sender=EmbedProvider, dispatch_uid="pagecache_embed_provider_saved")
@receiver(post_delete, sender=EmbedProvider, dispatch_uid="pagecache_embed_provider_deleted")
def _embed_provider_changed(sender, instance: EmbedProvider, **kwargs):
    """A player switched on or off: the set of enabled players (the CSP), and every page with its cards."""
    pagecache.bump(embeds.ENABLED, embeds.provider_tag(instance.slug))


@receiver(post_save, sender=Image, dispatch_uid="pagecache_library_image_saved")
def _library_image_changed(sender, instance: Image, created=False, raw=False, **kwargs):
    """A picture's words or crops changed: the bodies that show it, and every page with its card."""
    if created or raw:
        return
    body_ids = list(bodies.showing(Article, instance).values_list("pk", flat=True))
    featured_ids = list(Article.objects.filter(featured_image=instance).values_list("pk", flat=True))
    tags = [article_tag(pk) for pk in {*body_ids, *featured_ids}]
    if tags:
        pagecache.bump(*tags, CONTENT)
