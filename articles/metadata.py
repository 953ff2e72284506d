"""What a page tells search engines, link previews and feed readers.

``PageMeta`` holds a page's canonical path, description, Open Graph type,
image, dates, section, tags and feed links; ``templates/includes/_page_meta.html``
writes it out (``{% page_meta %}``). ``article_structured_data`` and
``breadcrumb_data`` are the schema.org JSON-LD of the article page. Paths stay
relative here; the template tag makes them absolute for the current request.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

LOGO_PATH = "img/logo.png"
LOGO_SIZE = 512


@dataclass
class Feed:
    title: str
    href: str
    type: str


@dataclass
class PageMeta:
    title: str = ""
    description: str = ""
    path: str = ""  # canonical; empty: the current path
    type: str = "website"
    image: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""
    published: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # profile paths
    feeds: list[Feed] = field(default_factory=list)
    noindex: bool = False
    # (hreflang, absolute URL) of the page's language versions, x-default included.
    alternates: list[tuple[str, str]] = field(default_factory=list)


def describe(text: str, limit: int = 160) -> str:
    return Truncator(" ".join(strip_tags(text).split())).chars(limit)


def site_feeds() -> list[Feed]:
    name = settings.NEWSROOM_SITE_NAME
    return [
        Feed(_("%(site)s (RSS)") % {"site": name}, reverse("articles:feed"), "application/rss+xml"),
        Feed(_("%(site)s (Atom)") % {"site": name}, reverse("articles:feed-atom"), "application/atom+xml"),
    ]


def scoped_feeds(name: str, url_name: str, slug: str) -> list[Feed]:
    return [
        Feed(
            _("%(name)s (RSS)") % {"name": name},
            reverse(url_name, kwargs={"slug": slug}),
            "application/rss+xml",
        ),
        Feed(
            _("%(name)s (Atom)") % {"name": name},
            reverse(url_name + "-atom", kwargs={"slug": slug}),
            "application/atom+xml",
        ),
    ]


def paged(path: str, page_obj) -> str:
    """Each page of a listing is its own canonical page."""
    if page_obj is not None and page_obj.number > 1:
        return f"{path}?page={page_obj.number}"
    return path


def for_listing(title: str, description: str, path: str, page_obj=None, feeds=(), **kwargs) -> PageMeta:
    return PageMeta(
        title=title,
        description=describe(description),
        path=paged(path, page_obj),
        feeds=[*feeds, *site_feeds()],
        **kwargs,
    )


# --- articles -----------------------------------------------------------------------


def _share_image(article) -> tuple[str, int | None, int | None]:
    """The 16:9 crop link previews show best, else the widest rendition; never the original."""
    if not article.featured_image_id:
        return "", None, None
    image = article.featured_image
    wide = image.crop("16x9")
    if wide:
        return wide["url"], wide["width"], wide["height"]
    url, width, height = image.largest()
    return url, width or None, height or None


def for_article(article) -> PageMeta:
    """Uses only what the article page loads anyway (bylines, categories, tags)."""
    image, width, height = _share_image(article)
    section = article.primary_category.name if article.primary_category_id else ""
    return PageMeta(
        title=article.seo_title or article.title,
        description=describe(article.seo_description or article.dek or article.body),
        path=article.get_absolute_url(),
        type="article",
        image=image,
        image_width=width,
        image_height=height,
        image_alt=article.featured_image.alt_text if article.featured_image_id else "",
        published=article.publish_at,
        modified=article.updated_at,
        section=section,
        tags=[tag.name for tag in article.tags.all()],
        authors=[author.get_absolute_url() for author in article.ordered_authors()],
        feeds=site_feeds(),
        # A staff preview of a draft or a scheduled piece is not for search engines.
        noindex=not article.is_published,
    )


def language_alternates(versions, absolute: Callable[[str], str]) -> list[tuple[str, str]]:
    """hreflang links of a story in several languages; none for a story in one.

    ``versions`` from ``Article.readable_translations()``: the page's own first.
    The original is the ``x-default`` (the one to show a reader of no listed
    language), or the page itself when the original is not readable.
    """
    if len(versions) < 2:
        return []
    links = sorted((version.language, absolute(version.get_absolute_url())) for version in versions)
    original = next((v for v in versions if v.translation_of_id is None), versions[0])
    return [*links, ("x-default", absolute(original.get_absolute_url()))]


def _iso(moment: datetime.datetime | None) -> str | None:
    # In the site's time zone, with its offset: readers and crawlers see local time.
    return timezone.localtime(moment).isoformat() if moment else None


def publisher(absolute: Callable[[str], str], special: dict | None = None) -> dict:
    """The agency, with its published policies (``pages.links.special_pages``).

    Reading them records the special pages on the page being rendered.
    """
    from pages.links import special_pages

    data = {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(LOGO_PATH)),
            "width": LOGO_SIZE,
            "height": LOGO_SIZE,
        },
    }
    special = special_pages() if special is None else special
    ethics, corrections = special.get("ethics"), special.get("corrections")
    if ethics:
        data["publishingPrinciples"] = absolute(ethics["url"])
        data["ethicsPolicy"] = absolute(ethics["url"])
    if corrections or ethics:
        data["correctionsPolicy"] = absolute((corrections or ethics)["url"])
    if "about" in special:
        data["masthead"] = absolute(special["about"]["url"])
    return data


def article_structured_data(
    article, absolute: Callable[[str], str], special: dict | None = None, versions=()
) -> dict:
    """schema.org NewsArticle for the article page; ``versions``: its readable language versions."""
    url = absolute(article.get_absolute_url())
    # Google asks for 16:9, 4:3 and 1:1 crops of the picture, each at least 1,200 pixels wide.
    images = (
        [absolute(url) for url in article.featured_image.structured_data_urls()]
        if article.featured_image_id
        else []
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": Truncator(article.title).chars(110),
        "description": describe(article.seo_description or article.dek or article.body, 300),
        "image": images,
        "datePublished": _iso(article.publish_at),
        "dateModified": _iso(max(filter(None, [article.updated_at, article.publish_at]), default=None)),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in article.ordered_authors()
        ],
        "publisher": publisher(absolute, special),
        "inLanguage": article.language,
        "articleSection": [category.name for category in article.categories.all()],
        "keywords": [tag.name for tag in article.tags.all()],
        "isAccessibleForFree": True,
    }
    others = [version for version in versions if version.pk != article.pk]

    def work(version) -> dict:
        return {
            "@type": "NewsArticle",
            "@id": absolute(version.get_absolute_url()),
            "url": absolute(version.get_absolute_url()),
            "headline": Truncator(version.title).chars(110),
            "inLanguage": version.language,
        }

    if article.translation_of_id is None:
        if others:
            data["workTranslation"] = [work(version) for version in others]
    else:
        original = [version for version in others if version.pk == article.translation_of_id]
        if original:
            data["translationOfWork"] = work(original[0])
    if article.source_line:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source_line}
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.note,
                "datePublished": correction.date.isoformat(),
            }
            for correction in corrections
        ]
    return data


def breadcrumb_data(article, absolute: Callable[[str], str]) -> dict | None:
    """Home › the primary category's parents › the primary category › the article.

    Parents come loaded with the primary category (``parent__parent``), so
    the trail costs no query; deeper trees show their three nearest levels.
    """
    trail = [(_("Home"), reverse("articles:home"))]
    chain, node, depth = [], article.primary_category, 0
    while node is not None and depth < 3:
        chain.insert(0, (node.name, node.get_absolute_url()))
        node = node.parent if node.parent_id and type(node).parent.is_cached(node) else None
        depth += 1
    trail += chain
    trail.append((article.title, article.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
