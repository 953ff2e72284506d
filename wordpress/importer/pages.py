"""WordPress pages → the site's pages, nav menus → its menus (the ``pages`` app).

Both come after the posts: a page's parent may follow it in the file, and a
menu links pages, posts and categories that must exist first. Pages nest
one level here (``/about/staff/``): a deeper WordPress page is placed under
its top-level ancestor, and its old address still redirects to it. The
export does not say where its theme showed each menu: the first menu goes
to the main navigation, the second to the footer, as long as those are not
already arranged here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.text import slugify

from pages.models import RESERVED_SLUGS, Menu, MenuItem, Page, _taken_by_site, is_link_address

from .. import wxr
from ..formatting import plain_text
from ..models import ImportedObject, LegacyURL
from ..redirects import targets_of
from .mapping import Mapping, digest
from .posts import meta_int, old_post_paths
from .slugs import old_path

if TYPE_CHECKING:
    from . import Importer

Kind = ImportedObject.Kind

PAGE_STATUS = {
    "publish": Page.Status.PUBLISHED,
    "draft": Page.Status.DRAFT,
    "pending": Page.Status.DRAFT,
    "private": Page.Status.DRAFT,  # only editors saw it
    "future": Page.Status.DRAFT,  # pages are not scheduled here: an editor publishes it
}


def import_pages(importer: Importer) -> None:
    report = importer.report
    items: dict[int, wxr.Item] = {}
    for item in importer.page_items:
        if item.status in PAGE_STATUS:
            items[item.wp_id] = item
        else:
            report.skipped[f"pages with status '{item.status or 'none'}'"] += 1
    importer.page_items = []
    if not items:
        return
    top = {wp_id: _top_parent(items, wp_id) for wp_id in items}
    ordered = sorted(items.values(), key=lambda i: (top[i.wp_id] != 0, i.menu_order, i.wp_id))
    mapping = Mapping(Kind.PAGE, Page, (str(wp_id) for wp_id in items))
    taken = set(Page.objects.values_list("parent_id", "slug"))
    for item in ordered:
        key = str(item.wp_id)
        fingerprint = digest(
            item.title, item.slug, item.content, item.status, item.password, top[item.wp_id], item.menu_order,
            sorted(item.meta.items()),
        )  # fmt: skip
        page, write = mapping.compare(key, fingerprint, report, "pages")
        if page is None:
            report.created["pages"] += 1
            page = Page()
        if write:
            _fill_page(importer, page, item, top[item.wp_id], taken)
            page.save()
            importer.touched_pages.add(page.pk)
            if item.wp_id in importer.incomplete:
                fingerprint = digest(fingerprint, "media missing")
        importer.page_objects[item.wp_id] = page
        mapping.record(key, page, fingerprint)
        mapping.redirect(f"/?page_id={item.wp_id}", key)
        mapping.redirect(f"/?p={item.wp_id}", key)
        for path in old_post_paths(importer, item, dated=False) + [_hierarchical_path(items, item)]:
            mapping.redirect(path, key)
    mapping.save()


def _top_parent(items: dict[int, wxr.Item], wp_id: int) -> int:
    """The WordPress id of the page's top-level ancestor (0 for a top-level page)."""
    seen, node = {wp_id}, items[wp_id].parent_id
    top = 0
    while node in items and node not in seen:
        top = node
        seen.add(node)
        node = items[node].parent_id
    return top


def _hierarchical_path(items: dict[int, wxr.Item], item: wxr.Item) -> str:
    """WordPress's page address, every ancestor's slug included: /about/team/editors/."""
    chain, seen, node = [item.slug.lower()], {item.wp_id}, item.parent_id
    while node in items and node not in seen:
        chain.insert(0, items[node].slug.lower())
        seen.add(node)
        node = items[node].parent_id
    return "/" + "/".join(chain) + "/" if all(chain) else ""


def _fill_page(importer: Importer, page: Page, item: wxr.Item, top: int, taken: set) -> None:
    if page.pk:  # its own address is free for it
        taken.discard((page.parent_id, page.slug))
    page.title = (plain_text(item.title) or f"Page {item.wp_id}")[:200]
    page.language = importer.item_language(item)
    parent = importer.page_objects.get(top)
    page.parent = parent
    parent_id = parent.pk if parent is not None else None
    base = (
        slugify(item.slug, allow_unicode=True)[:90] or slugify(page.title, allow_unicode=True)[:90] or "page"
    )
    slug, n = base, 2
    while (parent_id, slug) in taken or (
        parent_id is None and (slug in RESERVED_SLUGS or _taken_by_site(slug))
    ):
        slug, n = f"{base}-{n}", n + 1
    if slug != base:
        importer.report.warn(
            f"Page {item.wp_id}: /{base}/ is taken here, so it is at /{slug}/ (the old address redirects)."
        )
    taken.add((parent_id, slug))
    page.slug = slug
    page.status = PAGE_STATUS[item.status]
    if item.password or item.status == "future":
        importer.report.warn(
            f"Page {item.wp_id} was password-protected or scheduled in WordPress; imported as a draft."
        )
        page.status = Page.Status.DRAFT
    page.position = min(max(item.menu_order, 0), 32767)
    page.body = importer.convert_body(item)
    seo_title = item.meta.get("_yoast_wpseo_title", "")
    page.seo_title = "" if "%%" in seo_title else plain_text(seo_title)[:70]
    page.seo_description = plain_text(item.meta.get("_yoast_wpseo_metadesc", "") or item.excerpt)[:160]


# --- menus ----------------------------------------------------------------------------------
def import_menus(importer: Importer) -> None:
    report = importer.report
    items = importer.menu_items
    importer.menu_items = []
    menus = dict(importer.menu_terms)
    for item in items:  # a menu only named on its items (partial exports)
        for term in item.terms:
            if term.taxonomy == "nav_menu":
                menus.setdefault(term.slug, term)
    if not menus:
        return
    mapping = Mapping(Kind.MENU, Menu, menus)
    here = {menu.location: menu for menu in Menu.objects.all()}
    mapped = {m.pk for m in mapping.objects.values()}
    filled = set(MenuItem.objects.filter(menu__in=here.values()).values_list("menu_id", flat=True).distinct())
    chosen: dict[str, Menu] = {}
    for slug, term in menus.items():
        menu = mapping.existing(slug)
        if menu is not None:
            report.unchanged["menus"] += 1
        else:
            free = [
                location
                for location in (Menu.Location.MAIN, Menu.Location.FOOTER)
                if location not in here
                or (here[location].pk not in filled and here[location].pk not in mapped)
            ]
            free = [location for location in free if location not in {m.location for m in chosen.values()}]
            if not free:
                report.skipped["menus (the main and footer navigation are already arranged here)"] += 1
                report.warn(
                    f"Menu “{term.name}” was not imported: both menus of this site are already arranged."
                )
                continue
            menu = here.get(free[0]) or Menu(location=free[0])
            menu.label = (plain_text(term.name) or menu.get_location_display())[:100]
            menu.save()
            report.created["menus"] += 1
        chosen[slug] = menu
        mapping.record(slug, menu, "")
    mapping.save()
    _import_menu_items(importer, [i for i in items if _menu_of(i) in chosen], chosen)


def _menu_of(item: wxr.Item) -> str:
    return next((t.slug for t in item.terms if t.taxonomy == "nav_menu"), "")


def _import_menu_items(importer: Importer, items: list[wxr.Item], menus: dict[str, Menu]) -> None:
    report = importer.report
    if not items:
        return
    by_id = {item.wp_id: item for item in items}
    mapping = Mapping(Kind.MENU_ITEM, MenuItem, (str(i.wp_id) for i in items))
    targets = _targets(importer, items)
    objects = {}
    for item in sorted(items, key=lambda i: (_top_item(by_id, i.wp_id) != 0, i.menu_order, i.wp_id)):
        key = str(item.wp_id)
        target = targets.get(item.wp_id)
        if target is None:
            report.skipped["menu items whose target was not imported"] += 1
            continue
        top = _top_item(by_id, item.wp_id)
        fingerprint = digest(
            item.title, sorted(item.meta.items()), top, item.menu_order, _menu_of(item), target
        )
        menu_item, write = mapping.compare(key, fingerprint, report, "menu items")
        if menu_item is None:
            report.created["menu items"] += 1
            menu_item = MenuItem()
        if write:
            menu_item.menu = menus[_menu_of(item)]
            parent = objects.get(top)
            menu_item.parent = parent if parent is not None and parent.menu_id == menu_item.menu.pk else None
            menu_item.position = min(max(item.menu_order, 0), 32767)
            menu_item.category_id = menu_item.page_id = menu_item.article_id = None
            menu_item.url = ""
            kind, value = target
            if kind == "url":
                menu_item.url = value[:500]
            else:
                setattr(menu_item, f"{kind}_id", value)
            label = plain_text(item.title)[:100]
            if kind == "url" and not label:
                label = (urlsplit(value).hostname or value)[:100]
            menu_item.label = label
            menu_item.save()
        objects[item.wp_id] = menu_item
        mapping.record(key, menu_item, fingerprint)
    mapping.save()


def _top_item(by_id: dict[int, wxr.Item], wp_id: int) -> int:
    seen, node, top = {wp_id}, meta_int(by_id[wp_id], "_menu_item_menu_item_parent"), 0
    while node in by_id and node not in seen:
        top = node
        seen.add(node)
        node = meta_int(by_id[node], "_menu_item_menu_item_parent")
    return top


def _targets(importer: Importer, items: list[wxr.Item]) -> dict[int, tuple[str, object]]:
    """What each menu item links to: ("page" | "article" | "category", pk) or ("url", address)."""
    posts = {meta_int(i, "_menu_item_object_id") for i in items if i.meta.get("_menu_item_object") == "post"}
    articles = dict(
        ImportedObject.objects.filter(kind=Kind.POST, wp_key__in=[str(n) for n in posts]).values_list(
            "wp_key", "object_id"
        )
    )
    old = {i.wp_id: i.meta.get("_menu_item_url", "").strip() for i in items}
    legacy = {
        row.path: row.target
        for row in LegacyURL.objects.filter(
            path__in=[
                old_path(url) or "/" for url in old.values() if url and importer.library.is_old_site(url)
            ]
        ).select_related("target")
    }
    urls = targets_of(legacy.values())
    result: dict[int, tuple[str, object]] = {}
    for item in items:
        kind = item.meta.get("_menu_item_type", "")
        obj, obj_id = item.meta.get("_menu_item_object", ""), meta_int(item, "_menu_item_object_id")
        if kind == "post_type" and obj == "page" and obj_id in importer.page_objects:
            result[item.wp_id] = ("page", importer.page_objects[obj_id].pk)
        elif kind == "post_type" and obj == "post" and str(obj_id) in articles:
            result[item.wp_id] = ("article", articles[str(obj_id)])
        elif kind == "taxonomy" and obj == "category" and obj_id in importer.category_terms:
            result[item.wp_id] = ("category", importer.category_terms[obj_id])
        elif kind == "taxonomy" and obj == "post_tag" and obj_id in importer.tag_terms:
            result[item.wp_id] = ("url", reverse("articles:tag", kwargs={"slug": importer.tag_terms[obj_id]}))
        elif kind == "custom" and old[item.wp_id]:
            url = old[item.wp_id]
            if not importer.library.is_old_site(url):
                if is_link_address(url):
                    result[item.wp_id] = ("url", url)
                else:  # javascript:, data: and the like: never a link readers are offered
                    importer.report.warn(
                        f"Menu item {item.wp_id}: “{url[:80]}” is not a web address; left out."
                    )
                continue
            target = legacy.get(old_path(url) or "/")
            if not old_path(url):
                result[item.wp_id] = ("url", "/")
            elif target is not None and target.kind == Kind.PAGE:
                result[item.wp_id] = ("page", target.object_id)
            elif target is not None and target.kind == Kind.CATEGORY:
                result[item.wp_id] = ("category", target.object_id)
            elif target is not None and target.kind == Kind.POST:
                result[item.wp_id] = ("article", target.object_id)
            elif target is not None and (target.kind, target.object_id) in urls:
                result[item.wp_id] = ("url", urls[target.kind, target.object_id])
    return result
