"""Which cached pages a change to a page or a menu makes stale.

A page's own content is ``page:ID`` (its page, and every menu link showing
its title); ``pages`` is the set of readable pages (the sitemap); ``policies``
the special pages the reply form and the publisher data link
(``pages.links``); ``menu`` every page's header and footer. As for articles,
model signals see every path a change takes (admin, revisions, import, shell).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.invalidation import MENU
from library import bodies
from library.models import Image
from newsroom import pagecache

from .models import Menu, MenuItem, Page

PAGES = "pages"
POLICIES = "policies"


def page_tag(pk) -> str:
    return f"page:{pk}"


def page_translations(root_pk) -> str:
    """The language versions of the page whose original is ``root_pk`` (and menu links to it)."""
    return f"page-translations:{root_pk}"


@receiver(pre_save, sender=Page, dispatch_uid="pagecache_page_pre_save")
def _page_remember(sender, instance: Page, raw=False, **kwargs):
    before = None
    if instance.pk:
        before = Page.objects.filter(pk=instance.pk).values("kind", "translation_of_id").first()
    instance._kind_before = before["kind"] if before else None
    instance._translation_of_before = before["translation_of_id"] if before else None


@receiver(post_save, sender=Page, dispatch_uid="pagecache_page_saved")
@receiver(post_delete, sender=Page, dispatch_uid="pagecache_page_deleted")
def _page_changed(sender, instance: Page, **kwargs):
    # Children's addresses and visibility follow their parent's.
    children = _children(instance)
    tags = [page_tag(instance.pk), PAGES, *[page_tag(pk) for pk, _kind in children]]
    roots = {instance.translation_of_id or instance.pk, getattr(instance, "_translation_of_before", None)}
    tags += [page_translations(root) for root in roots if root]
    if instance.kind or getattr(instance, "_kind_before", None) or any(kind for _pk, kind in children):
        tags.append(POLICIES)
    pagecache.bump(*tags)


def _children(page: Page) -> list[tuple[int, str]]:
    if page.parent_id is not None or page.pk is None:
        return []
    return list(Page.objects.filter(parent_id=page.pk).values_list("pk", "kind"))


@receiver(post_save, sender=Image, dispatch_uid="pagecache_page_image_saved")
def _image_changed(sender, instance: Image, created=False, raw=False, **kwargs):
    """The pages whose body shows the image (rewritten by library.bodies)."""
    if not (created or raw):
        pagecache.bump(*[page_tag(pk) for pk in bodies.showing(Page, instance).values_list("pk", flat=True)])


@receiver(post_save, sender=Menu, dispatch_uid="pagecache_menu_saved")
@receiver(post_delete, sender=Menu, dispatch_uid="pagecache_menu_deleted")
@receiver(post_save, sender=MenuItem, dispatch_uid="pagecache_menuitem_saved")
@receiver(post_delete, sender=MenuItem, dispatch_uid="pagecache_menuitem_deleted")
def _menu_changed(sender, instance, **kwargs):
    pagecache.bump(MENU)
