"""The header and footer menus, as editors arranged them, in one query.

Without a main menu the header lists the top-level categories, as before
menus existed. Links to a draft page or an unpublished article are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Category
from newsroom import pagecache
from newsroom.languages import interface_language

from .models import Menu, MenuItem, Page, published_versions

# MenuItem's own fields and those of its targets that text, href, text_language
# and is_visible read (translated fields bring their translations along), and
# what the page cache records of each target (shown_with(), story()).
LINK_FIELDS = (
    *("menu", "parent", "position", "label", "category", "page", "article", "url"),
    *("menu__location", "menu__label", "category__name", "category__slug"),
    *("page__title", "page__slug", "page__language", "page__status", "page__parent"),
    *("page__parent__slug", "page__parent__status", "page__translation_of"),
    *("article__title", "article__slug", "article__language", "article__status"),
    *("article__publish_at", "article__publish_date", "article__primary_category"),
)


@dataclass
class Link:
    text: str
    href: str
    children: list[Link] = field(default_factory=list)
    language: str = ""  # of a page's or article's own title, for lang and dir


@dataclass
class ShownMenu:
    label: str
    links: list[Link]


def load_menus(request: HttpRequest | None = None) -> dict[str, ShownMenu]:
    """Every menu's visible links, nested; records what they show into ``request``'s page."""
    items = list(
        MenuItem.objects.select_related("menu", "page__parent", "category", "article")
        # Only what a link shows and its visibility rule read: every page runs this
        # query, and building it over every column of four tables cost more than running it.
        .only(*LINK_FIELDS)
        .order_by("menu_id", "parent_id", "position", "pk")
    )
    shown: list = []
    language = interface_language()
    versions = published_versions([item.page_id for item in items if item.page_id], language)
    menus: dict[str, ShownMenu] = {}
    links: dict[int, Link] = {}
    # Parents sort first (parent_id NULL), so a child finds its parent's link.
    for item in sorted(items, key=lambda item: (item.parent_id is not None, item.position, item.pk)):
        shown += [target for target in (item.page, item.article, item.category) if target is not None]
        if not item.is_visible:
            continue
        link = links[item.pk] = _link(item, versions.get(item.page_id), language)
        if item.parent_id is None:
            menu = menus.setdefault(item.menu.location, ShownMenu(item.menu.label, []))
            menu.links.append(link)
        elif item.parent_id in links:  # under a hidden link: hidden too
            links[item.parent_id].children.append(link)
    if Menu.Location.MAIN not in menus:  # top-level categories bump the menus (Category.cache_tags)
        menus[Menu.Location.MAIN] = ShownMenu(
            _("Sections"),
            [Link(c.name, c.get_absolute_url()) for c in Category.objects.top_level()],
        )
    if request is not None:
        pagecache.lists(request, Menu)
        for page in [target for target in shown if isinstance(target, Page)]:
            pagecache.lists(request, Page, page.story())  # the version in the reader's language
        pagecache.shows(request, *shown)
    return menus


def _link(item: MenuItem, version: Page | None, language: str) -> Link:
    """A menu link; to a page, its version in the reader's language when there is one.

    The label set for this language wins; else the version's own title.
    """
    if version is None or version.language == getattr(item.page, "language", None):
        return Link(item.text, item.href, language=item.text_language)
    own_label = getattr(item, build_localized_fieldname("label", language), "")
    return Link(
        own_label or version.title, version.get_absolute_url(), language="" if own_label else version.language
    )


def shared_menus(request: HttpRequest) -> dict[str, str]:
    """Each menu's HTML for this page: one shared part for every visitor, looked up once per request.

    The part has no link marked current (that would make one part per address):
    ``mark_current`` marks this page's.
    """
    if not hasattr(request, "_menus"):
        request._menus = pagecache.fragment(request, "menus-html", lambda: _render_menus(request))
    return request._menus


def _render_menus(request: HttpRequest) -> dict[str, str]:
    menus = load_menus(request)
    return {
        location: render_to_string(
            "includes/_menu.html",
            {"menu": menus.get(location), "location": location, "home": location == "main"},
        )
        for location in Menu.Location.values
    }


def mark_current(html: str, path: str) -> str:
    """A menu's HTML with its links to ``path`` marked as the current page.

    ``path`` is decoded (``/درباره/``); links made by ``reverse()`` are percent-encoded.
    """
    for written in dict.fromkeys([path, iri_to_uri(path)]):
        link = f'<a href="{escape(written)}"'
        html = html.replace(link, f'{link} aria-current="page"')
    return mark_safe(html)
