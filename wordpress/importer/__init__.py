"""Turn a WXR file into media, categories, tags, authors, articles, replies and redirects.

The file is read twice, streaming: first its attachments (so every image is
in the library before a body or gallery names it), then everything else in
batches. Each kind has its module (``media``, ``people``, ``terms``,
``posts``, ``replies``, ``links``) over one shared routine, ``mapping``:
look up what each WordPress id became, compare, write, record the mapping,
add the old addresses. Queries per item do not grow with the archive.

Everything runs inside the caller's transaction; files written to storage are
listed in ``written_files`` so the caller can remove them when it rolls back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone

from articles.models import Article

from .. import wxr
from ..formatting import Shortcodes, convert_body
from ..models import ImportedObject
from . import links, media, pages, people, posts, terms
from .posts import article_status
from .report import Report

__all__ = ["Importer", "Progress", "Report", "article_status"]

Kind = ImportedObject.Kind


# ISO 639-3 and other names WordPress sites use for Dari and Pashto, besides ours.
LANGUAGE_ALIASES = {"prs": "fa", "per": "fa", "pus": "ps", "pbt": "ps", "pbu": "ps", "pst": "ps"}


def language_code(declared: str) -> str | None:
    """This site's code for a WordPress language ("fa-IR", "fa_AF", "prs", "ps"), if it has one."""
    primary = declared.strip().replace("_", "-").split("-")[0].lower()
    code = LANGUAGE_ALIASES.get(primary, primary)
    return code if code in dict(settings.LANGUAGES) else None


@dataclass
class Progress:
    stage: str  # "media" or "posts"
    bytes_read: int
    total_bytes: int
    items: int  # items of the file handled so far, both passes
    report: Report

    @property
    def share(self) -> float:
        """How much of the whole import is done: the media pass is counted as the first half."""
        if not self.total_bytes:
            return 0.0
        part = min(self.bytes_read / self.total_bytes, 1.0)
        return part / 2 if self.stage == "media" else 0.5 + part / 2

    def line(self) -> str:
        report = self.report
        media_seen = report.created["media"] + report.updated["media"] + report.unchanged["media"]
        return (
            f"{report.articles_by_status.total()} posts, {report.replies_by_status.total()} replies, "
            f"{media_seen} attachments ({round(100 * self.share)}% done)"
        )


def _with_replies(items: list[wxr.Item]) -> int:
    return len(items) + sum(len(item.comments) for item in items)


class Importer:
    def __init__(
        self,
        *,
        media_dir: Path | None = None,
        fetch_media: bool = False,
        local_tz: datetime.tzinfo | None = None,
        language: str | None = None,
        dry_run: bool = False,
        batch_size: int = 100,
        progress: Callable[[Progress], None] | None = None,
    ):
        self.media_dir = media_dir
        self.fetch_media = fetch_media
        self.local_tz = local_tz or timezone.get_current_timezone()
        self.chosen_language = language  # --language: wins over what the file says
        self.language = language or settings.LANGUAGE_CODE
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress or (lambda state: None)
        self.report = Report()
        self.written_files: list[str] = []
        self.site = wxr.Site()
        # WordPress key → our pk, filled as terms and authors are met.
        self.categories: dict[str, int] = {}
        self.category_terms: dict[int, int] = {}  # WordPress term_id → category pk
        self.category_records: dict[str, wxr.Term] = {}  # slug → declaration, for old addresses
        self.tags: dict[str, int] = {}
        self.tag_terms: dict[int, str] = {}  # WordPress term_id → our tag's slug
        self.menu_terms: dict[str, wxr.Term] = {}  # nav_menu slug → its declaration
        self.page_items: list[wxr.Item] = []  # pages and menu items wait for everything they link to
        self.menu_items: list[wxr.Item] = []
        self.page_objects: dict = {}  # WordPress page id → our Page
        self.touched_pages: set[int] = set()
        self.authors: dict[str, int] = {}
        self.author_names: dict[str, str] = {}  # cleaned login or name, case-folded → login
        self.has_author_list = False
        self.library = media.Library(self)
        self.shortcodes = Shortcodes(self.library)
        self.featured: list[tuple[int, int]] = []  # WordPress post id, attachment id
        self.incomplete: set[int] = set()  # posts written with some media missing
        self.touched_articles: set[tuple[int, datetime.datetime | None]] = set()  # for the page cache
        self._items = 0
        self._reported_items = 0

    # --- driving ----------------------------------------------------------------------
    def run(self, handle: IO[bytes], total_bytes: int = 0) -> Report:
        self.report.shortcodes = self.shortcodes
        self._media_pass(handle, total_bytes)
        handle.seek(0)
        self._content_pass(handle, total_bytes)
        media.set_featured_images(self)
        links.rewrite_links(self)
        self._refresh_cached_pages()
        return self.report

    def _site_language(self, declared: str) -> str:
        """Ours for the site's declared language ("fa-IR", "prs", "ps-AF"), else the default (said,
        if the file names a language at all)."""
        if (code := language_code(declared)) is None and declared.strip():
            self.report.warn(
                f"The file's language {declared!r} is not one of this site's; "
                f"its posts and pages are marked {settings.LANGUAGE_CODE!r} (choose with --language)."
            )
        return code or settings.LANGUAGE_CODE

    def item_language(self, item: wxr.Item) -> str:
        """Polylang's language of the post or page if it names one of ours, else the site's."""
        tagged = [language_code(t.slug) for t in item.terms if t.taxonomy == "language"]
        return next((code for code in tagged if code), self.language)

    def _media_pass(self, handle: IO[bytes], total_bytes: int) -> None:
        reader = wxr.Reader(handle, self.local_tz)
        batch: list[media.Attachment] = []
        for record in reader:
            if isinstance(record, wxr.Site):
                self.site = record
                self.library.add_site(record)
                self.language = self.chosen_language or self._site_language(record.language)
            elif isinstance(record, wxr.Item) and record.post_type == "attachment":
                attachment = media.attachment_from(record)
                self.library.add(attachment)
                batch.append(attachment)
                if len(batch) >= self.batch_size:
                    media.import_attachments(self, batch)
                    batch = []
                    self._tick("media", reader, total_bytes, self.batch_size)
        if batch:
            media.import_attachments(self, batch)
        self._tick("media", reader, total_bytes, len(batch))

    def _content_pass(self, handle: IO[bytes], total_bytes: int) -> None:
        reader = wxr.Reader(handle, self.local_tz)
        header_authors: list[wxr.Author] = []
        header_terms: list[wxr.Term] = []
        header_done = False
        batch: list[wxr.Item] = []
        for record in reader:
            if isinstance(record, wxr.Author):
                header_authors.append(record)
            elif isinstance(record, wxr.Term):
                header_terms.append(record)
            elif isinstance(record, wxr.Item):
                if not header_done:
                    self._import_header(header_authors, header_terms)
                    header_done = True
                if record.post_type == "post":
                    batch.append(record)
                    if len(batch) >= self.batch_size:
                        posts.import_posts(self, batch)
                        self._tick("posts", reader, total_bytes, _with_replies(batch))
                        batch = []
                elif record.post_type == "page":
                    self.page_items.append(record)
                elif record.post_type == "nav_menu_item":
                    self.menu_items.append(record)
                elif record.post_type != "attachment":
                    self.report.skipped[f"items of type '{record.post_type}'"] += 1
                    self._items += 1
        if not header_done:
            self._import_header(header_authors, header_terms)
        if batch:
            posts.import_posts(self, batch)
        self._items += len(self.page_items) + len(self.menu_items)
        pages.import_pages(self)
        pages.import_menus(self)
        self._tick("posts", reader, total_bytes, _with_replies(batch))

    def _import_header(self, authors: list[wxr.Author], declared: list[wxr.Term]) -> None:
        self.has_author_list = bool(authors)
        people.sync_authors(self, authors)
        terms.sync_terms(self, [t for t in declared if t.taxonomy == "category"], Kind.CATEGORY)
        terms.sync_terms(self, [t for t in declared if t.taxonomy == "post_tag"], Kind.TAG)
        self.menu_terms = {t.slug: t for t in declared if t.taxonomy == "nav_menu" and t.slug}

    def convert_body(self, item: wxr.Item) -> str:
        self.library.post_id = item.wp_id
        return convert_body(item.content, self.shortcodes, post_id=item.wp_id)

    def _tick(self, stage: str, reader: wxr.Reader, total_bytes: int, items: int) -> None:
        self._items += items
        self.progress(Progress(stage, reader.bytes_read, total_bytes, self._items, self.report))

    def _refresh_cached_pages(self) -> None:
        """Bulk writes send no signals: mark every object and set the import may have changed as stale."""
        from taggit.models import Tag

        from articles.models import Author, Category, Masthead
        from newsroom import pagecache
        from pages.models import Menu

        tags = [pagecache.list_tag(model) for model in (Article, Category, Menu, Masthead)]
        tags.append(pagecache.list_tag(Article, "content"))
        for model, pks in ((Category, self.categories), (Tag, self.tags), (Author, self.authors)):
            own = [pagecache.tag(model, pk) for pk in pks.values()]
            tags += [*own, *[pagecache.list_tag(Article, tag) for tag in own]]
        for pk, moment in self.touched_articles:
            tags.append(pagecache.tag(Article, pk))
            if moment is not None:
                day = timezone.localdate(moment)
                scopes = [Article.archive(day.year), Article.archive(day.year, day.month)]
                tags += [pagecache.list_tag(Article, scope) for scope in scopes]
        pagecache.bump(*tags)
