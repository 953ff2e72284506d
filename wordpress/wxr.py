"""A streaming reader for WordPress eXtended RSS (WXR), the file Tools → Export writes.

The file is read element by element with defusedxml's ``iterparse`` (no DTDs'
entities, no external references, nothing fetched), and each ``<item>`` is
dropped from the tree once it has been turned into a plain record, so memory
stays flat however large the archive is. Anything that is not a WXR file
(bad XML, a truncated download, a plain RSS feed) raises :class:`WXRError`
with a message meant for the person running the import.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/?$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$")
OTHER_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
EMPTY_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file cannot be imported; the message says why, for a person."""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    language: str = ""  # the site's, as WordPress writes it: "fa-IR", "ps", "en-US"


@dataclass
class Author:
    login: str
    wp_id: int | None = None
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category or a tag, declared in the channel or only named on a post."""

    taxonomy: str  # "category", "post_tag" or "nav_menu"
    slug: str
    name: str
    wp_id: int | None = None
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date_local: datetime.datetime | None = None
    date_gmt: datetime.datetime | None = None
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent_id: int = 0
    user_id: int = 0


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item or any custom type."""

    wp_id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_local: datetime.datetime | None = None
    date_gmt: datetime.datetime | None = None
    modified_local: datetime.datetime | None = None
    modified_gmt: datetime.datetime | None = None
    comment_status: str = "open"
    slug: str = ""
    status: str = ""
    parent_id: int = 0
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    menu_order: int = 0
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


class _CountingReader:
    """Wraps the file to tell how far the parser has read (for progress lines)."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.position += len(data)
        return data


@functools.lru_cache(maxsize=256)
def _name(tag: str) -> str:
    """``{namespace}local`` → ``prefix:local`` with the prefixes WXR files use."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if uri in OTHER_NAMESPACES:
        return f"{OTHER_NAMESPACES[uri]}:{local}"
    if EXCERPT_NAMESPACE.match(uri):
        return f"excerpt:{local}"
    if WP_NAMESPACE.match(uri):
        return f"wp:{local}"
    return f"{uri}:{local}"


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _raw(element: Element | None) -> str:
    """Text kept as written (bodies keep their line breaks for the paragraph rule)."""
    return (element.text or "") if element is not None else ""


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def parse_date(value: str, tz: datetime.tzinfo | None) -> datetime.datetime | None:
    """``2019-05-12 08:30:00`` in ``tz`` (UTC when None); WordPress's zero date is None."""
    value = value.strip()
    if not value or value == EMPTY_DATE:
        return None
    try:
        naive = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=tz or datetime.UTC)


def decode_slug(value: str) -> str:
    """WordPress stores non-Latin slugs percent-encoded (``%d8%a7...``)."""
    return unquote(value.strip())


def _children(element: Element) -> dict[str, Element]:
    return {_name(child.tag): child for child in element}


class Reader:
    """Iterate over a WXR file: ``site`` first, then authors, terms and items in file order.

    ``local_tz`` is the WordPress site's time zone, used only where the file
    has no GMT date (drafts, some old exports).
    """

    def __init__(self, handle: IO[bytes], local_tz: datetime.tzinfo):
        self.source = _CountingReader(handle)
        self.local_tz = local_tz
        self.site = Site()

    @property
    def bytes_read(self) -> int:
        return self.source.position

    def __iter__(self) -> Iterator[Site | Author | Term | Item]:
        try:
            yield from self._events()
        except DefusedXmlException as error:
            raise WXRError(
                f"The file declares XML entities or external references ({error.__class__.__name__}); "
                "a WordPress export never does, so it is refused for safety."
            )
        except ParseError as error:
            line, column = getattr(error, "position", (0, 0))
            hint = (
                " The file looks truncated (it ends too early)." if "no element found" in str(error) else ""
            )
            raise WXRError(f"The file is not well-formed XML at line {line}, column {column}: {error}.{hint}")

    def _events(self):
        depth = 0
        channel = None
        site_sent = False
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                depth += 1
                name = _name(element.tag)
                if depth == 1 and name != "rss":
                    raise WXRError(
                        f"This is not a WordPress export: the file starts with <{name.rpartition(':')[2]}>, "
                        "where a WXR file starts with <rss>."
                    )
                if depth == 2 and name == "channel":
                    channel = element
                if depth == 3 and name == "item" and not site_sent:
                    self._check_site()
                    site_sent = True
                    yield self.site
                continue

            depth -= 1
            if depth != 2 or channel is None:
                if depth == 1 and _name(element.tag) == "channel" and not site_sent:
                    self._check_site()
                    yield self.site
                continue
            name = _name(element.tag)
            record = self._channel_child(name, element)
            if record is not None:
                yield record
            # Done with this child: drop it so the tree never holds the archive.
            channel.remove(element)
        if channel is None:
            raise WXRError("This is not a WordPress export: it has no <channel>.")

    def _check_site(self) -> None:
        if not self.site.wxr_version:
            raise WXRError(
                "This is an RSS feed, not a WordPress export: it has no <wp:wxr_version>. "
                "Export the site with Tools → Export in WordPress and import that file."
            )

    def _channel_child(self, name: str, element: Element):
        site = self.site
        if name == "title":
            site.title = _text(element)
        elif name == "link":
            site.link = _text(element)
        elif name == "language":
            site.language = _text(element)
        elif name == "wp:wxr_version":
            site.wxr_version = _text(element)
        elif name == "wp:base_site_url":
            site.base_site_url = _text(element)
        elif name == "wp:base_blog_url":
            site.base_blog_url = _text(element)
        elif name == "wp:author":
            return self._author(_children(element))
        elif name == "wp:category":
            fields = _children(element)
            return Term(
                taxonomy="category",
                wp_id=_int(_text(fields.get("wp:term_id"))) or None,
                slug=decode_slug(_text(fields.get("wp:category_nicename"))),
                name=_text(fields.get("wp:cat_name")),
                parent_slug=decode_slug(_text(fields.get("wp:category_parent"))),
                description=_text(fields.get("wp:category_description")),
            )
        elif name == "wp:tag":
            fields = _children(element)
            return Term(
                taxonomy="post_tag",
                wp_id=_int(_text(fields.get("wp:term_id"))) or None,
                slug=decode_slug(_text(fields.get("wp:tag_slug"))),
                name=_text(fields.get("wp:tag_name")),
                description=_text(fields.get("wp:tag_description")),
            )
        elif name == "wp:term":
            # WXR 1.2 lists every taxonomy here too; categories, tags and menus matter to us.
            fields = _children(element)
            taxonomy = _text(fields.get("wp:term_taxonomy"))
            if taxonomy in ("category", "post_tag", "nav_menu"):
                return Term(
                    taxonomy=taxonomy,
                    wp_id=_int(_text(fields.get("wp:term_id"))) or None,
                    slug=decode_slug(_text(fields.get("wp:term_slug"))),
                    name=_text(fields.get("wp:term_name")),
                    parent_slug=decode_slug(_text(fields.get("wp:term_parent"))),
                    description=_text(fields.get("wp:term_description")),
                )
        elif name == "item":
            return self._item(element)
        return None

    def _author(self, fields: dict[str, Element]) -> Author:
        return Author(
            login=_text(fields.get("wp:author_login")),
            wp_id=_int(_text(fields.get("wp:author_id"))) or None,
            email=_text(fields.get("wp:author_email")),
            display_name=_text(fields.get("wp:author_display_name")),
            first_name=_text(fields.get("wp:author_first_name")),
            last_name=_text(fields.get("wp:author_last_name")),
        )

    def _item(self, element: Element) -> Item | None:
        local, utc = self.local_tz, None
        item = Item(wp_id=0)
        for child in element:
            name = _name(child.tag)
            if name == "title":
                item.title = _text(child)
            elif name == "link":
                item.link = _text(child)
            elif name == "dc:creator":
                item.creator = _text(child)
            elif name == "content:encoded":
                item.content = _raw(child)
            elif name == "excerpt:encoded":
                item.excerpt = _raw(child)
            elif name == "wp:post_id":
                item.wp_id = _int(_text(child))
            elif name == "wp:post_date":
                item.date_local = parse_date(_text(child), local)
            elif name == "wp:post_date_gmt":
                item.date_gmt = parse_date(_text(child), utc)
            elif name == "wp:post_modified":
                item.modified_local = parse_date(_text(child), local)
            elif name == "wp:post_modified_gmt":
                item.modified_gmt = parse_date(_text(child), utc)
            elif name == "wp:comment_status":
                item.comment_status = _text(child)
            elif name == "wp:post_name":
                item.slug = decode_slug(_text(child))
            elif name == "wp:status":
                item.status = _text(child)
            elif name == "wp:post_parent":
                item.parent_id = _int(_text(child))
            elif name == "wp:post_type":
                item.post_type = _text(child)
            elif name == "wp:post_password":
                item.password = _text(child)
            elif name == "wp:is_sticky":
                item.is_sticky = _text(child) == "1"
            elif name == "wp:menu_order":
                item.menu_order = _int(_text(child))
            elif name == "wp:attachment_url":
                item.attachment_url = _text(child)
            elif name == "category":
                domain = child.get("domain", "")
                if domain in ("category", "post_tag", "nav_menu", "language"):  # language: Polylang
                    item.terms.append(
                        Term(taxonomy=domain, slug=decode_slug(child.get("nicename", "")), name=_text(child))
                    )
            elif name == "wp:postmeta":
                fields = _children(child)
                key = _text(fields.get("wp:meta_key"))
                if key:
                    item.meta[key] = _raw(fields.get("wp:meta_value"))
            elif name == "wp:comment":
                item.comments.append(self._comment(_children(child)))
        if not item.wp_id:
            return None
        return item

    def _comment(self, fields: dict[str, Element]) -> Comment:
        return Comment(
            wp_id=_int(_text(fields.get("wp:comment_id"))),
            author=_text(fields.get("wp:comment_author")),
            email=_text(fields.get("wp:comment_author_email")),
            url=_text(fields.get("wp:comment_author_url")),
            ip=_text(fields.get("wp:comment_author_IP")),
            date_local=parse_date(_text(fields.get("wp:comment_date")), self.local_tz),
            date_gmt=parse_date(_text(fields.get("wp:comment_date_gmt")), None),
            content=_raw(fields.get("wp:comment_content")),
            approved=_text(fields.get("wp:comment_approved")) or "0",
            type=_text(fields.get("wp:comment_type")),
            parent_id=_int(_text(fields.get("wp:comment_parent"))),
            user_id=_int(_text(fields.get("wp:comment_user_id"))),
        )
