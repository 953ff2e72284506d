"""Turn a WXR stream into categories, tags, authors, articles, replies and redirects.

Posts are handled in batches: each batch costs a fixed number of bulk queries
(look-ups keyed by WordPress id, bulk inserts and updates) plus one save per
article, because ``Article.save()`` is what sanitizes bodies and makes image
renditions, exactly as for articles written in the admin. So the number of
queries per item does not grow with the size of the archive.

Everything runs inside the caller's transaction; files written to storage are
listed in ``written_files`` so the caller can remove them when it rolls back.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.text import Truncator, slugify
from taggit.models import Tag, TaggedItem

from articles import images
from articles.models import Article, Author, Byline, Category
from articles.search import refresh_search_vectors

from . import wxr
from .formatting import Shortcodes, convert_body, plain_text, reply_text
from .models import ImportedObject, LegacyURL

Kind = ImportedObject.Kind

# WordPress post status → ours. Anything else (trash, auto-draft, inherit) is skipped.
STATUS_MAP = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future publish time: scheduled
    "pending": Article.Status.REVIEW,
    "draft": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,  # only editors saw it in WordPress; only staff see drafts here
}
# WordPress comment_approved → reply status. Pingbacks and trackbacks are not replies.
REPLY_STATUS_MAP = {
    "1": "approved",
    "0": "pending",
    "spam": "spam",
    "trash": "trash",
    "post-trashed": "trash",
}
REPLY_TYPES = {"", "comment"}


def article_status(item: wxr.Item) -> str | None:
    """Our status for a post, or None when it is not imported."""
    status = STATUS_MAP.get(item.status)
    if status == Article.Status.PUBLISHED and item.password:
        # A password-protected post must not become public; editors decide.
        return Article.Status.DRAFT
    return status


@dataclass
class Attachment:
    path: str  # relative to the uploads folder, e.g. 2019/05/photo.jpg
    alt: str = ""
    caption: str = ""


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    articles_by_status: Counter = field(default_factory=Counter)
    replies_by_status: Counter = field(default_factory=Counter)
    images: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    shortcodes: Shortcodes = field(default_factory=Shortcodes)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def _digest(*parts) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def _path(url: str) -> str:
    """The decoded, lower-cased path of an old URL with a trailing slash ("" for none)."""
    path = unquote(urlsplit(url).path or "").lower()
    if not path or path == "/":
        return ""
    return path if path.endswith("/") else path + "/"


def _unique_slug(base: str, taken: set[str], max_length: int) -> str:
    base = base[: max_length - 6] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _meta_int(item: wxr.Item, key: str) -> int:
    value = item.meta.get(key, "").strip()
    return int(value) if value.isdigit() else 0


def _clean_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class Importer:
    def __init__(
        self,
        *,
        media_dir: Path | None = None,
        local_tz: datetime.tzinfo | None = None,
        dry_run: bool = False,
        batch_size: int = 100,
        progress: Callable[[str], None] | None = None,
    ):
        self.media_dir = media_dir
        self.local_tz = local_tz or timezone.get_current_timezone()
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.report = Report()
        self.written_files: list[str] = []
        self.site = wxr.Site()
        # WordPress key → our pk, filled as terms and authors are met.
        self.categories: dict[str, int] = {}
        self.category_terms: dict[int, int] = {}  # WordPress term_id → category pk
        self.tags: dict[str, int] = {}
        self.authors: dict[str, int] = {}
        self._category_records: dict[str, wxr.Term] = {}  # slug → declaration, for old addresses
        self.attachments: dict[int, Attachment] = {}
        self.pending_images: list[tuple[int, int]] = []  # WordPress post id, attachment id
        self._touched_articles: set[tuple[int, datetime.datetime | None]] = set()  # for the page cache
        self._header_authors: list[wxr.Author] = []
        self._header_terms: list[wxr.Term] = []
        self._header_done = False
        self._article_type = ContentType.objects.get_for_model(Article)
        self.reader: wxr.Reader | None = None

    # --- driving ----------------------------------------------------------------
    def run(self, handle: IO[bytes], total_bytes: int = 0) -> Report:
        self.reader = wxr.Reader(handle, self.local_tz)
        batch: list[wxr.Item] = []
        for record in self.reader:
            if isinstance(record, wxr.Site):
                self.site = record
            elif isinstance(record, wxr.Author):
                self._header_authors.append(record)
            elif isinstance(record, wxr.Term):
                self._header_terms.append(record)
            elif isinstance(record, wxr.Item):
                self._import_header()
                if record.post_type == "attachment":
                    self._remember_attachment(record)
                elif record.post_type == "post":
                    batch.append(record)
                    if len(batch) >= self.batch_size:
                        self._import_posts(batch)
                        batch = []
                        self._progress(total_bytes)
                else:
                    self.report.skipped[f"items of type '{record.post_type}'"] += 1
        self._import_header()
        if batch:
            self._import_posts(batch)
        self._import_featured_images()
        self._refresh_cached_pages()
        self._progress(total_bytes)
        return self.report

    def _refresh_cached_pages(self) -> None:
        """Bulk writes send no signals: mark every listing the import may have changed as stale."""
        from articles import invalidation
        from newsroom import pagecache

        tags = [invalidation.PUBLISHED, invalidation.CONTENT, invalidation.MENU, invalidation.CATEGORY_TREE]
        for pk in self.categories.values():
            tags += [invalidation.category_tag(pk), invalidation.in_category(pk)]
        for pk in self.tags.values():
            tags += [invalidation.topic_tag(pk), invalidation.tagged(pk)]
        for pk in self.authors.values():
            tags += [invalidation.author_tag(pk), invalidation.by_author(pk)]
        for pk, moment in self._touched_articles:
            tags.append(invalidation.article_tag(pk))
            if moment is not None:
                day = timezone.localdate(moment)
                tags += [invalidation.in_month(day.year, day.month), invalidation.in_year(day.year)]
        pagecache.bump(*tags)

    def _progress(self, total_bytes: int) -> None:
        done = self.report.articles_by_status.total()
        replies = self.report.replies_by_status.total()
        share = f" ({100 * self.reader.bytes_read // total_bytes}% of the file)" if total_bytes else ""
        self.progress(f"{done} posts, {replies} replies{share}")

    # --- authors, categories, tags --------------------------------------------
    def _import_header(self) -> None:
        if self._header_done:
            return
        self._header_done = True
        self._sync_authors(self._header_authors)
        self._sync_terms([t for t in self._header_terms if t.taxonomy == "category"], Kind.CATEGORY)
        self._sync_terms([t for t in self._header_terms if t.taxonomy == "post_tag"], Kind.TAG)
        self._header_authors = self._header_terms = []

    def _mappings(self, kind: str, keys: Iterable[str]) -> dict[str, ImportedObject]:
        keys = list(keys)
        if not keys:
            return {}
        return {row.wp_key: row for row in ImportedObject.objects.filter(kind=kind, wp_key__in=keys)}

    def _sync_authors(self, records: list[wxr.Author]) -> None:
        records = list({r.login: r for r in records if r.login and r.login not in self.authors}.values())
        if not records:
            return
        mapped = self._mappings(Kind.AUTHOR, (r.login for r in records))
        existing = Author.objects.in_bulk([m.object_id for m in mapped.values()])
        wanted_slugs = {r.login: slugify(self._author_name(r), allow_unicode=True) for r in records}
        by_slug = {a.slug: a for a in Author.objects.filter(slug__in=wanted_slugs.values())}
        taken = set(by_slug)
        new_authors, new_maps, changed, changed_maps = [], [], [], []
        for record in records:
            name = self._author_name(record)[:120]
            digest = _digest(name)
            row = mapped.get(record.login)
            author = existing.get(row.object_id) if row else None
            if author is not None:
                if row.digest != digest:
                    author.name, row.digest = name, digest
                    changed.append(author)
                    changed_maps.append(row)
                    self.report.updated["authors"] += 1
                else:
                    self.report.unchanged["authors"] += 1
                self.authors[record.login] = author.pk
                continue
            # Someone with this byline already writes here: the WordPress author is them.
            author = by_slug.get(wanted_slugs[record.login])
            if author is None:
                author = Author(
                    name=name, slug=_unique_slug(wanted_slugs[record.login] or "author", taken, 120)
                )
                new_authors.append(author)
                self.report.created["authors"] += 1
            else:
                self.report.unchanged["authors"] += 1
            new_maps.append((record.login, author, digest, row))
        Author.objects.bulk_create(new_authors)
        Author.objects.bulk_update(changed, ["name"])
        ImportedObject.objects.bulk_update(changed_maps, ["digest"])
        rows = self._save_mappings(Kind.AUTHOR, new_maps)
        for login, row in rows.items():
            self.authors[login] = row.object_id
        self._add_redirects(
            (f"/author/{slugify(login, allow_unicode=True)}/", row) for login, row in rows.items()
        )

    @staticmethod
    def _author_name(record: wxr.Author) -> str:
        full = f"{record.first_name} {record.last_name}".strip()
        return record.display_name or full or record.login

    def _save_mappings(self, kind: str, entries) -> dict[str, ImportedObject]:
        """Create or repoint mapping rows; ``entries`` are (key, object, digest, stale row or None)."""
        fresh, stale = [], []
        for key, obj, digest, row in entries:
            if row is None:
                fresh.append(ImportedObject(kind=kind, wp_key=key, object_id=obj.pk, digest=digest))
            else:  # its object was deleted here since the last import
                row.object_id, row.digest = obj.pk, digest
                stale.append(row)
        ImportedObject.objects.bulk_create(fresh)
        ImportedObject.objects.bulk_update(stale, ["object_id", "digest"])
        return {row.wp_key: row for row in fresh + stale}

    def _sync_terms(self, records: list[wxr.Term], kind: str) -> None:
        cache = self.categories if kind == Kind.CATEGORY else self.tags
        unique: dict[str, wxr.Term] = {}
        for record in records:
            if not record.slug:
                record.slug = slugify(record.name, allow_unicode=True)
            if record.slug and record.slug not in cache:
                previous = unique.get(record.slug)
                # A term declared in the channel beats the bare mention on a post.
                if previous is None or (record.wp_id and not previous.wp_id):
                    unique[record.slug] = record
        if not unique:
            return
        if kind == Kind.CATEGORY:
            self._sync_categories(list(unique.values()))
        else:
            self._sync_tags(list(unique.values()))

    def _sync_categories(self, records: list[wxr.Term]) -> None:
        mapped = self._mappings(Kind.CATEGORY, (r.slug for r in records))
        existing = Category.objects.in_bulk([m.object_id for m in mapped.values()])
        wanted = {
            r.slug: slugify(r.slug, allow_unicode=True)[:100] or slugify(r.name, allow_unicode=True)[:100]
            for r in records
        }
        by_slug = {c.slug: c for c in Category.objects.filter(slug__in=wanted.values())}
        taken = set(by_slug)
        new, changed, changed_maps, entries = [], [], [], []
        objects: dict[str, Category] = {}
        for record in records:
            name = plain_text(record.name)[:100] or record.slug[:100]
            description = plain_text(record.description)
            digest = _digest(name, description, record.parent_slug)
            row = mapped.get(record.slug)
            category = existing.get(row.object_id) if row else None
            if category is not None:
                if row.digest != digest and record.wp_id:
                    category.name, category.description, row.digest = name, description, digest
                    changed.append(category)
                    changed_maps.append(row)
                    self.report.updated["categories"] += 1
                else:
                    self.report.unchanged["categories"] += 1
            else:
                category = by_slug.get(wanted[record.slug])
                if category is None:
                    category = Category(
                        name=name,
                        slug=_unique_slug(wanted[record.slug] or "category", taken, 100),
                        description=description,
                    )
                    new.append(category)
                    self.report.created["categories"] += 1
                else:
                    self.report.unchanged["categories"] += 1
                entries.append((record.slug, category, digest, row))
            objects[record.slug] = category
        Category.objects.bulk_create(new)
        for record in records:
            self.categories[record.slug] = objects[record.slug].pk
            if record.wp_id:
                self.category_terms[record.wp_id] = objects[record.slug].pk
                self._category_records[record.slug] = record
        # Parents may be declared after their children: link them once all exist.
        # A category that existed here keeps its place unless WordPress names a parent.
        tree = dict(Category.objects.values_list("pk", "parent_id"))
        parented = []
        for record in records:
            category = objects[record.slug]
            parent_id = self.categories.get(record.parent_slug) if record.parent_slug else None
            if (
                parent_id is None
                or category.parent_id == parent_id
                or self._is_below(tree, parent_id, category.pk)
            ):
                continue
            category.parent_id = tree[category.pk] = parent_id
            parented.append(category)
        Category.objects.bulk_update(changed, ["name", "description"])
        Category.objects.bulk_update(parented, ["parent"])
        ImportedObject.objects.bulk_update(changed_maps, ["digest"])
        rows = self._save_mappings(Kind.CATEGORY, entries)
        rows.update({r.slug: mapped[r.slug] for r in records if r.slug in mapped})
        redirects = []
        for record in records:
            row = rows[record.slug]
            redirects.append((f"/category/{self._category_path(record.slug)}/", row))
            if record.wp_id:
                redirects.append((f"/?cat={record.wp_id}", row))
        self._add_redirects(redirects)

    @staticmethod
    def _is_below(tree: dict[int, int | None], node: int | None, ancestor: int) -> bool:
        """Whether ``node`` is ``ancestor`` or sits under it (so linking would make a loop)."""
        seen = set()
        while node is not None and node not in seen:
            if node == ancestor:
                return True
            seen.add(node)
            node = tree.get(node)
        return False

    def _category_path(self, slug: str) -> str:
        """WordPress's hierarchical category address: parent/child/grandchild."""
        chain, seen = [slug.lower()], {slug}
        record = self._category_records.get(slug)
        while record is not None and record.parent_slug and record.parent_slug not in seen:
            chain.insert(0, record.parent_slug.lower())
            seen.add(record.parent_slug)
            record = self._category_records.get(record.parent_slug)
        return "/".join(chain)

    def _sync_tags(self, records: list[wxr.Term]) -> None:
        mapped = self._mappings(Kind.TAG, (r.slug for r in records))
        existing = Tag.objects.in_bulk([m.object_id for m in mapped.values()])
        names = {r.slug: (plain_text(r.name) or r.slug)[:100] for r in records}
        wanted = {
            r.slug: slugify(r.slug, allow_unicode=True)[:100] or slugify(names[r.slug], allow_unicode=True)
            for r in records
        }
        found = list(Tag.objects.filter(slug__in=wanted.values())) + list(
            Tag.objects.filter(name__in=names.values())
        )
        by_slug = {t.slug: t for t in found}
        by_name = {t.name: t for t in found}
        taken_slugs, taken_names = set(by_slug), set(by_name)
        new, entries, objects = [], [], {}
        for record in records:
            row = mapped.get(record.slug)
            tag = existing.get(row.object_id) if row else None
            if tag is None:
                tag = by_slug.get(wanted[record.slug]) or by_name.get(names[record.slug])
                if tag is None:
                    name = names[record.slug]
                    n = 2
                    while name in taken_names:
                        name, n = f"{names[record.slug][:95]} ({n})", n + 1
                    taken_names.add(name)
                    tag = Tag(name=name, slug=_unique_slug(wanted[record.slug] or "tag", taken_slugs, 100))
                    new.append(tag)
                    self.report.created["tags"] += 1
                else:
                    self.report.unchanged["tags"] += 1
                entries.append((record.slug, tag, "", row))
            else:
                self.report.unchanged["tags"] += 1
            objects[record.slug] = tag
        Tag.objects.bulk_create(new)
        for record in records:
            self.tags[record.slug] = objects[record.slug].pk
        rows = self._save_mappings(Kind.TAG, entries)
        rows.update({r.slug: mapped[r.slug] for r in records if r.slug in mapped})
        self._add_redirects(
            pair
            for record in records
            for pair in (
                (f"/tag/{record.slug.lower()}/", rows[record.slug]),
                (f"/?tag={record.slug}", rows[record.slug]),
            )
        )

    def _add_redirects(self, pairs: Iterable[tuple[str, ImportedObject]]) -> None:
        """Old paths → their target; the first claim of a path wins, on every run alike."""
        rows = {}
        for path, target in pairs:
            path = path.lower()
            if path and len(path) <= 500 and path not in rows:
                rows[path] = LegacyURL(path=path, target=target)
        if rows:
            LegacyURL.objects.bulk_create(rows.values(), ignore_conflicts=True)

    # --- posts --------------------------------------------------------------
    def _remember_attachment(self, item: wxr.Item) -> None:
        path = item.meta.get("_wp_attached_file", "").strip()
        if not path and item.attachment_url:
            url_path = urlsplit(item.attachment_url).path
            path = url_path.split("/wp-content/uploads/", 1)[-1] if "/wp-content/uploads/" in url_path else ""
            path = path or posixpath.basename(url_path)
        self.attachments[item.wp_id] = Attachment(
            path=path,
            alt=plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:250],
            caption=plain_text(item.excerpt)[:300],
        )

    def _import_posts(self, items: list[wxr.Item]) -> None:
        report = self.report
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
        # Terms and authors named only on posts (partial exports) exist before the posts do.
        self._sync_authors([wxr.Author(login=i.creator) for i, _ in posts if i.creator])
        self._sync_terms([t for i, _ in posts for t in i.terms if t.taxonomy == "category"], Kind.CATEGORY)
        self._sync_terms([t for i, _ in posts for t in i.terms if t.taxonomy == "post_tag"], Kind.TAG)

        mapped = self._mappings(Kind.POST, (str(i.wp_id) for i, _ in posts))
        existing = Article.objects.in_bulk([m.object_id for m in mapped.values()])
        articles: dict[int, Article] = {}
        changed: list[tuple[wxr.Item, Article, ImportedObject | None, str]] = []
        for item, status in posts:
            row = mapped.get(str(item.wp_id))
            article = existing.get(row.object_id) if row else None
            digest = _digest(item.title, item.slug, item.content, item.excerpt, item.status, item.password,
                             item.date_gmt, item.date_local, item.modified_gmt, item.comment_status,
                             item.is_sticky, item.creator, [(t.taxonomy, t.slug) for t in item.terms],
                             sorted(item.meta.items()))  # fmt: skip
            if article is not None and row.digest == digest:
                report.unchanged["articles"] += 1
            else:
                changed.append((item, article or Article(), row, digest))
                article = changed[-1][1]
            articles[item.wp_id] = article
            report.articles_by_status[self._status_label(status, item)] += 1
            if _meta_int(item, "_thumbnail_id"):
                self.pending_images.append((item.wp_id, _meta_int(item, "_thumbnail_id")))

        self._write_articles(changed)
        self._write_post_mappings(changed, mapped)
        self._import_replies(posts, articles)

    @staticmethod
    def _status_label(status: str, item: wxr.Item) -> str:
        if status == Article.Status.PUBLISHED and item.date_gmt and item.date_gmt > timezone.now():
            return "scheduled"
        return str(status)

    def _fill_article(self, article: Article, item: wxr.Item) -> None:
        status = article_status(item)
        if status != STATUS_MAP.get(item.status):
            self.report.warn(f"Post {item.wp_id} is password-protected in WordPress; imported as a draft.")
        title = plain_text(item.title)
        if not title:
            # WordPress shows "(no title)"; a few words of the text say more in a list.
            words = plain_text(item.excerpt) or plain_text(item.content)
            title = Truncator(words).words(8, truncate="…") if words else f"Untitled post {item.wp_id}"
            self.report.warn(f"Post {item.wp_id} has no title; it is now titled “{title}”.")
        article.title = title[:250]
        # A draft's post_date is only when it was last saved; only a published or scheduled
        # post's local date stands in for a missing GMT one.
        publish_at = item.date_gmt
        if status == Article.Status.PUBLISHED:
            publish_at = publish_at or item.date_local or timezone.now()
        article.publish_at = publish_at
        article.status = status
        article.dek = plain_text(item.excerpt)
        article.body = convert_body(item.content, self.report.shortcodes)
        article.comments_open = item.comment_status == "open"
        article.is_pinned = item.is_sticky
        seo_title = item.meta.get("_yoast_wpseo_title", "")
        article.seo_title = "" if "%%" in seo_title else plain_text(seo_title)[:70]
        article.seo_description = plain_text(item.meta.get("_yoast_wpseo_metadesc", ""))[:160]
        categories = [
            self.categories[t.slug]
            for t in item.terms
            if t.taxonomy == "category" and t.slug in self.categories
        ]
        # Yoast SEO's "primary category", when the site used it; else the first listed.
        primary = self.category_terms.get(_meta_int(item, "_yoast_wpseo_primary_category"))
        article.primary_category_id = (
            primary if primary in categories else (categories[0] if categories else None)
        )

    def _write_articles(self, changed) -> None:
        if not changed:
            return
        for item, article, _, _ in changed:
            self._fill_article(article, item)
        # Slugs are unique per publication date: find what is taken in one query.
        slugs = {self._wanted_slug(item, article) for item, article, _, _ in changed}
        own = {article.pk for _, article, _, _ in changed if article.pk}
        taken = {
            (day, slug)
            for pk, day, slug in Article.objects.filter(slug__in=slugs).values_list(
                "pk", "publish_date", "slug"
            )
            if pk not in own
        }
        for item, article, _row, _d in changed:
            day = timezone.localdate(article.publish_at) if article.publish_at else None
            base = self._wanted_slug(item, article)
            slug, n = base, 2
            while day is not None and (day, slug) in taken:
                slug, n = f"{base}-{n}", n + 1
            if day is not None:
                taken.add((day, slug))
            article.slug = slug
            creating = article.pk is None
            article.save()
            self.report.created["articles"] += creating
            self.report.updated["articles"] += not creating
        # created/updated times come from WordPress, not from the moment of import.
        now = timezone.now()
        for item, article, _row, _d in changed:
            article.created_at = item.date_gmt or item.date_local or article.created_at or now
            article.updated_at = item.modified_gmt or item.modified_local or article.created_at
        Article.objects.bulk_update([a for _, a, _, _ in changed], ["created_at", "updated_at"])

        ids = [a.pk for _, a, _, _ in changed]
        self._touched_articles.update((a.pk, a.publish_at) for _, a, _, _ in changed)
        Byline.objects.filter(article_id__in=ids).delete()
        Byline.objects.bulk_create(
            Byline(article=article, author_id=self.authors[item.creator], position=0)
            for item, article, _, _ in changed
            if item.creator in self.authors
        )
        through = Article.categories.through
        through.objects.filter(article_id__in=ids).delete()
        through.objects.bulk_create(
            {
                (article.pk, self.categories[t.slug]): through(
                    article_id=article.pk, category_id=self.categories[t.slug]
                )
                for item, article, _, _ in changed
                for t in item.terms
                if t.taxonomy == "category" and t.slug in self.categories
            }.values()
        )
        TaggedItem.objects.filter(content_type=self._article_type, object_id__in=ids).delete()
        TaggedItem.objects.bulk_create(
            {
                (article.pk, self.tags[t.slug]): TaggedItem(
                    content_type=self._article_type, object_id=article.pk, tag_id=self.tags[t.slug]
                )
                for item, article, _, _ in changed
                for t in item.terms
                if t.taxonomy == "post_tag" and t.slug in self.tags
            }.values()
        )
        # Bylines and tags went in by bulk_create, which sends no signals: refresh
        # the search text so that tags and author names are found.
        refresh_search_vectors(ids)

    @staticmethod
    def _wanted_slug(item: wxr.Item, article: Article) -> str:
        return (
            slugify(item.slug, allow_unicode=True)[:240]
            or slugify(article.title, allow_unicode=True)[:240]
            or f"post-{item.wp_id}"
        )

    def _write_post_mappings(self, changed, mapped) -> None:
        fresh, updated = [], []
        for item, article, row, digest in changed:
            if row is None:
                row = mapped.get(str(item.wp_id))
            if row is None:
                fresh.append(
                    ImportedObject(
                        kind=Kind.POST, wp_key=str(item.wp_id), object_id=article.pk, digest=digest
                    )
                )
            else:
                row.object_id, row.digest = article.pk, digest
                updated.append(row)
        ImportedObject.objects.bulk_create(fresh)
        ImportedObject.objects.bulk_update(updated, ["object_id", "digest"])
        rows = {**mapped, **{r.wp_key: r for r in fresh}}
        redirects = []
        for item, *_ in changed:
            row = rows[str(item.wp_id)]
            redirects.append((f"/?p={item.wp_id}", row))
            redirects.extend((path, row) for path in self._old_post_paths(item))
        self._add_redirects(redirects)

    def _old_post_paths(self, item: wxr.Item) -> list[str]:
        """The post's own permalink, plus the common WordPress forms it may have had before."""
        paths = [_path(item.link)] if not urlsplit(item.link).query else []
        slug = item.slug.lower()
        day = item.date_local
        if slug and day:
            paths += [f"/{day:%Y/%m/%d}/{slug}/", f"/{day:%Y/%m}/{slug}/", f"/{slug}/"]
        base = urlsplit(self.site.base_blog_url or self.site.link).path.rstrip("/")
        if base:  # a blog living under a folder, e.g. example.org/news/
            paths += [base.lower() + p for p in paths if not p.startswith(base.lower() + "/")]
        return [p for p in paths if p]

    # --- replies ------------------------------------------------------------
    def _import_replies(self, posts, articles: dict[int, Article]) -> None:
        comments = []
        for item, _status in posts:
            for comment in item.comments:
                if comment.type not in REPLY_TYPES:
                    self.report.skipped[f"{comment.type}s"] += 1
                elif comment.approved not in REPLY_STATUS_MAP:
                    self.report.skipped[f"replies with status '{comment.approved}'"] += 1
                else:
                    comments.append((item, comment))
        if not comments:
            return
        from comments.models import Reply

        mapped = self._mappings(Kind.REPLY, (str(c.wp_id) for _, c in comments))
        existing = Reply.objects.in_bulk([m.object_id for m in mapped.values()])
        replies: dict[int, Reply] = {}
        written = []  # (WordPress id, reply, mapping row or None, digest) of new and changed replies
        for item, comment in comments:
            status = REPLY_STATUS_MAP[comment.approved]
            self.report.replies_by_status[status] += 1
            digest = _digest(
                comment.author, comment.email, comment.url, comment.ip, comment.date_gmt,
                comment.date_local, comment.content, comment.approved, comment.parent_id,
            )  # fmt: skip
            row = mapped.get(str(comment.wp_id))
            reply = existing.get(row.object_id) if row else None
            if reply is not None and row.digest == digest:
                self.report.unchanged["replies"] += 1
            else:
                (self.report.created if reply is None else self.report.updated)["replies"] += 1
                reply = reply or Reply()
                self._fill_reply(reply, comment, articles[item.wp_id], status)
                written.append((comment.wp_id, reply, row, digest))
            replies[comment.wp_id] = reply
        Reply.objects.bulk_create([reply for _, reply, _, _ in written if reply.pk is None])
        Reply.objects.bulk_update(
            [reply for _, reply, row, _ in written if row is not None and row.object_id == reply.pk],
            ["name", "email", "url", "body", "status", "hold_reason", "ip_address", "created_at"],
        )
        # Threads: a parent may come after its child in the file, so link once all exist.
        parented = []
        for _item, comment in comments:
            reply, parent = replies[comment.wp_id], replies.get(comment.parent_id)
            if comment.parent_id and parent is None:
                self.report.warn(
                    f"Reply {comment.wp_id} answers reply {comment.parent_id}, which is not in the file; "
                    "it is shown at the top level."
                )
            parent_id = parent.pk if parent is not None and parent is not reply else None
            if reply.parent_id != parent_id:
                reply.parent_id = parent_id
                parented.append(reply)
        Reply.objects.bulk_update(parented, ["parent"])
        self._touched_articles.update((reply.article_id, None) for _, reply, _, _ in written)
        self._log_imported(
            [reply for _, reply, row, _ in written if row is None or row.object_id != reply.pk]
        )
        fresh, repointed = [], []
        for wp_id, reply, row, digest in written:
            if row is None:
                fresh.append(
                    ImportedObject(kind=Kind.REPLY, wp_key=str(wp_id), object_id=reply.pk, digest=digest)
                )
            else:
                row.object_id, row.digest = reply.pk, digest
                repointed.append(row)
        ImportedObject.objects.bulk_create(fresh)
        ImportedObject.objects.bulk_update(repointed, ["object_id", "digest"])

    @staticmethod
    def _log_imported(replies) -> None:
        """Each new reply's status is a decision taken in WordPress; the log says so."""
        from comments.models import ModerationLog, Reply

        ModerationLog.objects.bulk_create(
            ModerationLog(reply=reply, to_status=reply.status, reason=Reply.Reason.IMPORTED)
            for reply in replies
        )

    @staticmethod
    def _fill_reply(reply, comment: wxr.Comment, article: Article, status: str) -> None:
        from comments.models import Reply

        reply.article = article
        reply.name = plain_text(comment.author)[:255] or "Anonymous"
        reply.email = comment.email[:254]
        reply.url = (
            comment.url if len(comment.url) <= 200 and comment.url.startswith(("http://", "https://")) else ""
        )
        reply.body = reply_text(comment.content)
        reply.status = status
        reply.hold_reason = Reply.Reason.IMPORTED if status != "approved" else ""
        reply.ip_address = _clean_ip(comment.ip)
        reply.created_at = comment.date_gmt or comment.date_local or timezone.now()

    # --- featured images -------------------------------------------------------
    def _import_featured_images(self) -> None:
        """Attach featured images once every attachment in the file is known."""
        report = self.report
        pending, self.pending_images = self.pending_images, []
        for start in range(0, len(pending), self.batch_size):
            chunk = pending[start : start + self.batch_size]
            mapped = self._mappings(Kind.POST, (str(wp_id) for wp_id, _ in chunk))
            articles = Article.objects.in_bulk([m.object_id for m in mapped.values()])
            for wp_id, attachment_id in chunk:
                article = articles.get(mapped[str(wp_id)].object_id) if str(wp_id) in mapped else None
                attachment = self.attachments.get(attachment_id)
                if article is None:
                    continue
                if article.featured_image:
                    # Set once: an image an editor has chosen since is never replaced.
                    report.images["already set"] += 1
                elif attachment is None or not attachment.path:
                    report.images["missing"] += 1
                    report.warn(
                        f"Post {wp_id}: its featured image (attachment {attachment_id}) is not in the file."
                    )
                else:
                    self._attach_image(article, wp_id, attachment)

    def _attach_image(self, article: Article, wp_id: int, attachment: Attachment) -> None:
        report = self.report
        if self.media_dir is None:
            report.images["not imported (no --media-dir)"] += 1
            return
        source = (self.media_dir / attachment.path).resolve()
        if not source.is_relative_to(self.media_dir.resolve()) or not source.is_file():
            report.images["missing"] += 1
            report.warn(f"Post {wp_id}: featured image file {attachment.path} is not in {self.media_dir}.")
            return
        with source.open("rb") as handle:
            upload = File(handle, name=source.name)
            try:
                images.validate_image_upload(upload)
            except ValidationError as error:
                report.images["unreadable"] += 1
                report.warn(
                    f"Post {wp_id}: featured image {attachment.path} refused: {' '.join(error.messages)}"
                )
                return
            if self.dry_run:
                report.images["imported"] += 1
                return
            article.featured_image.save(source.name, upload, save=False)
        article.image_alt = attachment.alt or article.image_alt
        article.image_caption = attachment.caption or article.image_caption
        article.save(
            update_fields=["featured_image", "image_width", "image_height", "image_alt", "image_caption"]
        )
        self.written_files.append(article.featured_image.name)
        self.written_files.extend(
            size[key]
            for size in article.renditions.get("sizes", [])
            for key in ("fallback", "webp")
            if size.get(key)
        )
        report.images["imported"] += 1
