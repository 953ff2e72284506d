"""WordPress posts → articles, with bylines, categories, tags, replies and old addresses.

A batch costs a fixed number of bulk queries plus one save per changed
article, because ``Article.save()`` is what sanitizes bodies and makes
renditions, exactly as for articles written in the admin.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.models import Article, ArticleTag, Byline
from articles.search import refresh_search_vectors

from .. import wxr
from ..formatting import plain_text
from ..models import ImportedObject
from . import people, replies, terms
from .mapping import Mapping, digest
from .slugs import old_path

if TYPE_CHECKING:
    from . import Importer

Kind = ImportedObject.Kind

# WordPress post status → ours. Anything else (trash, auto-draft, inherit) is skipped.
STATUS_MAP = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future publish time: scheduled
    "pending": Article.Status.REVIEW,
    "draft": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,  # only editors saw it in WordPress; only staff see drafts here
}


def article_status(item: wxr.Item) -> str | None:
    """Our status for a post, or None when it is not imported."""
    status = STATUS_MAP.get(item.status)
    if status == Article.Status.PUBLISHED and item.password:
        # A password-protected post must not become public; editors decide.
        return Article.Status.DRAFT
    return status


def meta_int(item: wxr.Item, key: str) -> int:
    value = item.meta.get(key, "").strip()
    return int(value) if value.isdigit() else 0


def post_digest(item: wxr.Item) -> str:
    return digest(
        item.title, item.slug, item.content, item.excerpt, item.status, item.password, item.date_gmt,
        item.date_local, item.modified_gmt, item.comment_status, item.is_sticky, item.creator,
        [(t.taxonomy, t.slug) for t in item.terms], sorted(item.meta.items()),
    )  # fmt: skip


def import_posts(importer: Importer, items: list[wxr.Item]) -> None:
    report = importer.report
    posts = []
    for item in items:
        status = article_status(item)
        if status is None:
            report.skipped[f"posts with status '{item.status or 'none'}'"] += 1
            if item.comments:
                report.skipped["replies on posts not imported"] += len(item.comments)
        else:
            posts.append((item, status))
    if not posts:
        return
    # Terms named only on posts (partial exports) exist before the posts do.
    terms.sync_terms(
        importer, [t for i, _ in posts for t in i.terms if t.taxonomy == "category"], Kind.CATEGORY
    )
    terms.sync_terms(importer, [t for i, _ in posts for t in i.terms if t.taxonomy == "post_tag"], Kind.TAG)
    bylines = {item.wp_id: people.creator_login(importer, item) for item, _ in posts}

    mapping = Mapping(Kind.POST, Article, (str(i.wp_id) for i, _ in posts))
    articles: dict[int, Article] = {}
    changed: list[tuple[wxr.Item, Article, str]] = []
    for item, status in posts:
        key = str(item.wp_id)
        fingerprint = post_digest(item)
        article, write = mapping.compare(key, fingerprint, report, "articles")
        if article is None:
            report.created["articles"] += 1
            article = Article()
        if write:
            changed.append((item, article, fingerprint))
        articles[item.wp_id] = article
        report.articles_by_status[_status_label(status, item)] += 1
        thumbnail = meta_int(item, "_thumbnail_id")
        if thumbnail:
            importer.featured.append((item.wp_id, thumbnail))

    _write_articles(importer, changed, bylines)
    for item, article, fingerprint in changed:
        key = str(item.wp_id)
        if item.wp_id in importer.incomplete:
            # Some of its media were missing: the next run writes it again, with what it finds then.
            fingerprint = digest(fingerprint, "media missing")
        mapping.record(key, article, fingerprint)
        mapping.redirect(f"/?p={item.wp_id}", key)
        for path in old_post_paths(importer, item):
            mapping.redirect(path, key)
    mapping.save()
    replies.import_replies(importer, posts, articles)


def _status_label(status: str, item: wxr.Item) -> str:
    if status == Article.Status.PUBLISHED and item.date_gmt and item.date_gmt > timezone.now():
        return "scheduled"
    return str(status)


def _fill_article(importer: Importer, article: Article, item: wxr.Item) -> None:
    report = importer.report
    status = article_status(item)
    if status != STATUS_MAP.get(item.status):
        report.warn(f"Post {item.wp_id} is password-protected in WordPress; imported as a draft.")
    title = plain_text(item.title)
    if not title:
        # WordPress shows "(no title)"; a few words of the text say more in a list.
        words = plain_text(item.excerpt) or plain_text(item.content)
        title = Truncator(words).words(8, truncate="…") if words else f"Untitled post {item.wp_id}"
        report.warn(f"Post {item.wp_id} has no title; it is now titled “{title}”.")
    article.title = title[:250]
    # Only a published or scheduled post has a publish time. A draft's or a pending
    # post's date is when it was last saved (WordPress fills post_date_gmt on some of
    # them too), and a publish time on a draft would be shown once it is published.
    article.publish_at = None
    if status == Article.Status.PUBLISHED:
        article.publish_at = item.date_gmt or item.date_local or timezone.now()
    article.status = status
    article.language = importer.item_language(item)
    article.dek = plain_text(item.excerpt)
    article.body = importer.convert_body(item)
    article.comments_open = item.comment_status == "open"
    article.is_pinned = item.is_sticky
    seo_title = item.meta.get("_yoast_wpseo_title", "")
    article.seo_title = "" if "%%" in seo_title else plain_text(seo_title)[:70]
    article.seo_description = plain_text(item.meta.get("_yoast_wpseo_metadesc", ""))[:160]
    categories = [
        importer.categories[t.slug]
        for t in item.terms
        if t.taxonomy == "category" and t.slug in importer.categories
    ]
    # Yoast SEO's "primary category", when the site used it; else the first listed.
    primary = importer.category_terms.get(meta_int(item, "_yoast_wpseo_primary_category"))
    article.primary_category_id = (
        primary if primary in categories else (categories[0] if categories else None)
    )


def _write_articles(importer: Importer, changed, bylines: dict[int, str | None]) -> None:
    if not changed:
        return
    for item, article, _ in changed:
        _fill_article(importer, article, item)
    # Slugs are unique per publication date: find what is taken in one query.
    slugs = {_wanted_slug(item, article) for item, article, _ in changed}
    own = {article.pk for _, article, _ in changed if article.pk}
    taken = {
        (day, slug)
        for pk, day, slug in Article.objects.filter(slug__in=slugs).values_list("pk", "publish_date", "slug")
        if pk not in own
    }
    for item, article, _ in changed:
        day = timezone.localdate(article.publish_at) if article.publish_at else None
        base = _wanted_slug(item, article)
        slug, n = base, 2
        while day is not None and (day, slug) in taken:
            slug, n = f"{base}-{n}", n + 1
        if day is not None:
            taken.add((day, slug))
        article.slug = slug
        article.save()
    # created/updated times come from WordPress, not from the moment of import.
    now = timezone.now()
    for item, article, _ in changed:
        article.created_at = item.date_gmt or item.date_local or article.created_at or now
        article.updated_at = item.modified_gmt or item.modified_local or article.created_at
    Article.objects.bulk_update([a for _, a, _ in changed], ["created_at", "updated_at"])

    ids = [a.pk for _, a, _ in changed]
    importer.touched_articles.update((a.pk, a.publish_at) for _, a, _ in changed)
    Byline.objects.filter(article_id__in=ids).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=importer.authors[bylines[item.wp_id]], position=0)
        for item, article, _ in changed
        if bylines.get(item.wp_id) in importer.authors
    )
    through = Article.categories.through
    through.objects.filter(article_id__in=ids).delete()
    through.objects.bulk_create(
        {
            (article.pk, importer.categories[t.slug]): through(
                article_id=article.pk, category_id=importer.categories[t.slug]
            )
            for item, article, _ in changed
            for t in item.terms
            if t.taxonomy == "category" and t.slug in importer.categories
        }.values()
    )
    ArticleTag.objects.filter(content_object_id__in=ids).delete()
    ArticleTag.objects.bulk_create(
        {
            (article.pk, importer.tags[t.slug]): ArticleTag(
                content_object=article, tag_id=importer.tags[t.slug], listed_at=article.listed_at
            )
            for item, article, _ in changed
            for t in item.terms
            if t.taxonomy == "post_tag" and t.slug in importer.tags
        }.values()
    )
    # Bylines and tags went in by bulk_create, which sends no signals: refresh
    # the search text so that tags and author names are found.
    refresh_search_vectors(ids)


def _wanted_slug(item: wxr.Item, article: Article) -> str:
    return (
        slugify(item.slug, allow_unicode=True)[:240]
        or slugify(article.title, allow_unicode=True)[:240]
        or f"post-{item.wp_id}"
    )


def old_post_paths(importer: Importer, item: wxr.Item, dated: bool = True) -> list[str]:
    """The item's own permalink, plus the common WordPress forms it may have had before."""
    paths = [old_path(item.link)] if not urlsplit(item.link).query else []
    slug = item.slug.lower()
    day: datetime.datetime | None = item.date_local
    if slug and day and dated:
        paths += [f"/{day:%Y/%m/%d}/{slug}/", f"/{day:%Y/%m}/{slug}/", f"/{slug}/"]
    base = urlsplit(importer.site.base_blog_url or importer.site.link).path.rstrip("/").lower()
    if base:  # a blog living under a folder, e.g. example.org/news/
        paths += [base + p for p in paths if not p.startswith(base + "/")]
    return [p for p in paths if p]
