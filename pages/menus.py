"""The header and footer menus, as editors arranged them, in one query.

Without a main menu the header lists the top-level categories, as before
menus existed. Links to a draft page or an unpublished article are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import gettext as _

from articles import invalidation as deps
from articles.models import Category
from newsroom import pagecache

from .models import Menu, MenuItem


@dataclass
class Link:
    text: str
    href: str
    children: list[Link] = field(default_factory=list)


@dataclass
class ShownMenu:
    label: str
    links: list[Link]


def load_menus(request: HttpRequest | None = None) -> dict[str, ShownMenu]:
    """Every menu's visible links, nested; records what they show into ``request``'s page."""
    items = list(
        MenuItem.objects.select_related("menu", "page__parent", "category", "article")
        .defer("page__body", "page__parent__body", "article__body", "article__search_vector")
        .order_by("menu_id", "parent_id", "position", "pk")
    )
    shown = []
    menus: dict[str, ShownMenu] = {}
    links: dict[int, Link] = {}
    # Parents sort first (parent_id NULL), so a child finds its parent's link.
    for item in sorted(items, key=lambda item: (item.parent_id is not None, item.position, item.pk)):
        shown += [target for target in (item.page, item.article, item.category) if target is not None]
        if not item.is_visible:
            continue
        link = links[item.pk] = Link(item.text, item.href)
        if item.parent_id is None:
            menu = menus.setdefault(item.menu.location, ShownMenu(item.menu.label, []))
            menu.links.append(link)
        elif item.parent_id in links:  # under a hidden link: hidden too
            links[item.parent_id].children.append(link)
    if Menu.Location.MAIN not in menus:
        menus[Menu.Location.MAIN] = ShownMenu(
            _("Sections"),
            [Link(c.name, c.get_absolute_url()) for c in Category.objects.top_level()],
        )
    if request is not None:
        pagecache.record(request, deps.MENU)
        pagecache.shows(request, *shown)
    return menus


def shared_menus(request: HttpRequest) -> dict[str, ShownMenu]:
    """The menus for this page: one shared part for every visitor, computed once per request."""
    if not hasattr(request, "_menus"):
        request._menus = pagecache.fragment(
            request, "menus", lambda: load_menus(request), expires=deps.next_scheduled_publish
        )
    return request._menus
