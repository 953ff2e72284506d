"""Pages (About, Contact, the policies) and the menus editors arrange.

A page lives at ``/<slug>/`` or, under a parent, ``/<parent>/<slug>/``: one
level of nesting, as the URLs allow. When an address changes (a slug, a
parent, or a parent's slug) the old one is kept as a ``PageRedirect``, so
links to it keep working. Menus are ordered lists of links to a category, a
page, an article or an external address, nested one level deep.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles import embeds
from articles.models import Article, Category
from articles.sanitize import clean_html
from library import bodies
from library.models import Image
from newsroom import pagecache
from newsroom.addresses import reverse_once

# First path segments the site's own routes use: a page there would be hidden by
# them (itself or its children), so these slugs are refused.
RESERVED_SLUGS = frozenset(
    {"admin", "author", "category", "feed", "i18n", "media", "preview", "replies", "search", "static", "tag"}
)


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        """What readers may see: a published page whose parent, if any, is published too."""
        return self.filter(status=Page.Status.PUBLISHED).filter(
            Q(parent__isnull=True) | Q(parent__status=Page.Status.PUBLISHED)
        )

    def at(self, path: str) -> PageQuerySet:
        """The page at ``/<slug>/`` or ``/<parent>/<slug>/`` (``path`` without slashes around)."""
        parent_slug, _, slug = path.strip("/").rpartition("/")
        if parent_slug:
            return self.filter(slug=slug, parent__slug=parent_slug, parent__parent__isnull=True)
        return self.filter(slug=slug, parent__isnull=True)


def published_versions(page_ids: list[int], language: str) -> dict[int, Page]:
    """The published versions in ``language`` of pages, by original (a query only if there are any)."""
    if not page_ids:
        return {}
    found = Page.objects.published().filter(translation_of_id__in=page_ids, language=language)
    return {page.translation_of_id: page for page in found.select_related("parent").defer("body")}


class Page(models.Model):
    library_body_field = "body"  # library.bodies finds and refreshes the images shown in it

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Kind(models.TextChoices):
        """What a page is for: the site links and describes the special ones."""

        PAGE = "", _("Page")
        ABOUT = "about", _("About")
        CONTACT = "contact", _("Contact")
        PRIVACY = "privacy", _("Privacy policy")
        ETHICS = "ethics", _("Ethics and corrections policy")
        CORRECTIONS = "corrections", _("Corrections policy (if separate)")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The last part of the address, e.g. about for /about/."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Optional, e.g. About for a Staff page at /about/staff/. One level only."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.PAGE,
        blank=True,
        help_text=_(
            "The privacy policy is linked from the reply form; the ethics and corrections policies "
            "are named in the data search engines read. One page of each kind."
        ),
    )
    body = models.TextField(_("body"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the page is written in."),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_(
            "The original page this one translates. Menus link readers of this language here, "
            "and search engines are told they are the same page."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lower numbers come first among a parent's pages.")
    )
    seo_title = models.CharField(
        _("SEO title"), max_length=70, blank=True, help_text=_("Overrides the title in search results.")
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=160,
        blank=True,
        help_text=_("Shown in search results and link previews; the start of the body otherwise."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        permissions = [("publish_page", _("Can publish and unpublish pages"))]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(parent__isnull=True), name="page_top_level_slug_unique"
            ),
            models.UniqueConstraint(fields=["parent", "slug"], name="page_slug_unique_under_parent"),
            models.UniqueConstraint(fields=["kind"], condition=~Q(kind=""), name="page_kind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.title} › {self.title}" if self.parent_id else self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and (
            self.parent_id is None or self.parent.status == self.Status.PUBLISHED
        )

    @property
    def path(self) -> str:
        """``about/staff``: the address without its slashes."""
        return f"{self.parent.slug}/{self.slug}" if self.parent_id else self.slug

    def get_absolute_url(self) -> str:
        if self.parent_id:
            return reverse_once("pages:child", parent=self.parent.slug, slug=self.slug)
        return reverse_once("pages:detail", slug=self.slug)

    # The readable pages (the sitemap); scoped: a story's language versions, the special pages.
    cache_list_tag = "pages"

    def shown_with(self) -> list[str]:
        """Its address and visibility follow its parent's."""
        return [pagecache.tag(Page, self.parent_id)] if self.parent_id else []

    def story(self) -> str:
        return f"story:{self.translation_of_id or self.pk}"

    def cache_tags(self) -> list[str]:
        """What a change to this page makes stale (newsroom/pagecache.py); its children follow it."""
        children = [] if self.parent_id or self.pk is None else list(self.children.values_list("pk", "kind"))
        tags = [pagecache.tag(self), pagecache.list_tag(Page), pagecache.list_tag(Page, self.story())]
        tags += [pagecache.tag(Page, pk) for pk, _kind in children]
        # A version of a special page in another language is named where readers of it read the original.
        if self.kind or self.translation_of_id or any(kind for _pk, kind in children):
            tags.append(pagecache.list_tag(Page, "special"))
        return tags

    def page_meta(self):
        from .metadata import for_page

        return for_page(self)

    def readable_translations(self) -> list[Page]:
        """The published language versions of this page, this one first (one query)."""
        root = self.translation_of_id or self.pk
        group = Page.objects.published().filter(Q(pk=root) | Q(translation_of_id=root))
        group = group.select_related("parent")
        return sorted(group, key=lambda p: (p.pk != self.pk, p.translation_of_id is not None, p.language))

    def clean(self) -> None:
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:100]
        errors = {}
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("A page cannot sit inside itself.")
            elif self.parent.parent_id is not None:
                errors["parent"] = _("Pages nest one level deep: choose a page that has no parent.")
            elif self.pk and self.children.exists():
                errors["parent"] = _("This page has pages of its own, so it cannot move under another.")
        elif self.slug in RESERVED_SLUGS or _taken_by_site(self.slug):
            errors["slug"] = _("This address belongs to another part of the site; choose another slug.")
        siblings = Page.objects.filter(parent_id=self.parent_id, slug=self.slug).exclude(pk=self.pk)
        if self.slug and siblings.exists():
            errors["slug"] = _("Another page at this level already uses this slug.")
        original = self.translation_of
        if original is not None:
            if original.translation_of_id is not None:  # one level, as for articles
                original = self.translation_of = original.translation_of
            if self.pk is not None and (original.pk == self.pk or self.translations.exists()):
                errors["translation_of"] = _("This page is itself an original with translations.")
            elif (
                Page.objects.filter(Q(pk=original.pk) | Q(translation_of=original), language=self.language)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["translation_of"] = _("This page already has a version in this language.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:100] or "page"
        self.body = bodies.responsive_body_images(
            clean_html(embeds.cards_for_lone_links(self.body)), Image.objects.for_body
        )
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"body", "first_published_at"}
        old_addresses = self._addresses_before()
        super().save(*args, **kwargs)
        for old_path, page in old_addresses:
            page.remember_address(old_path)

    def _addresses_before(self) -> list[tuple[str, Page]]:
        """When this save moves the page, its old address and its children's, to redirect."""
        if self.pk is None:
            return []
        before = Page.objects.filter(pk=self.pk).select_related("parent").first()
        if before is None or (before.slug, before.parent_id) == (self.slug, self.parent_id):
            return []
        moved = [(before.get_absolute_url(), self)]
        for child in self.children.all():
            moved.append((f"{before.get_absolute_url()}{child.slug}/", child))
        return moved

    def remember_address(self, path: str) -> None:
        """Send readers of ``path`` (e.g. an old or imported address) here from now on.

        An address a page answers at itself never redirects (the live page wins).
        """
        path = "/" + path.strip("/") + "/"
        PageRedirect.objects.update_or_create(old_path=path, defaults={"page": self})


def _taken_by_site(slug: str) -> bool:
    """Whether ``/<slug>/`` is answered by one of the site's own routes (e.g. ``/2026/``)."""
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return match.namespace != "pages"


class PageRedirect(models.Model):
    """An address a page had before (or on the old site): answered with a 301 to the page."""

    old_path = models.CharField(_("old address"), max_length=300, unique=True)
    page = models.ForeignKey(Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("old page address")
        verbose_name_plural = _("old page addresses")

    def __str__(self) -> str:
        return self.old_path


class Menu(models.Model):
    class Location(models.TextChoices):
        MAIN = "main", _("Main navigation")
        FOOTER = "footer", _("Footer")

    location = models.CharField(_("location"), max_length=10, choices=Location.choices, unique=True)
    label = models.CharField(
        _("label"),
        max_length=100,
        help_text=_("Read out by screen readers for the navigation, e.g. Sections."),
    )

    class Meta:
        ordering = ["location"]
        verbose_name = _("menu")
        verbose_name_plural = _("menus")

    cache_list_tag = "menu"  # every page's header and footer

    def __str__(self) -> str:
        return self.label or self.get_location_display()

    def cache_tags(self) -> list[str]:
        return [pagecache.list_tag(Menu)]


_web_address = URLValidator(schemes=["http", "https"])


def validate_link_address(value: str) -> None:
    """A web address (http or https) or a path on this site: never ``javascript:``, ``data:``
    or another scheme a browser would run, nor ``//host`` or ``/\\host`` (another site)."""
    # Spaces, backslashes and invisible characters have no place in an address: browsers read
    # https://evil.example\@good.example as evil.example, and U+202E shows one backwards.
    plain = value.isprintable() and not any(c in value for c in " \\")
    if plain and value.startswith("/") and not value.startswith("//"):
        return
    try:
        _web_address(value)
    except ValidationError:
        plain = False
    if not plain:
        raise ValidationError(
            _(
                "Enter a web address starting with https:// or http://, "
                "or a path on this site starting with /."
            ),
            code="invalid",
        )


def is_link_address(value: str) -> bool:
    try:
        validate_link_address(value)
    except ValidationError:
        return False
    return True


class MenuItem(models.Model):
    """One link of a menu: to exactly one of a category, a page, an article or an address."""

    menu = models.ForeignKey(Menu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Optional: show this link in a submenu of a top-level link of the same menu."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Empty: the name of what it links to.")
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="menu_items",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(
        _("address"),
        blank=True,
        max_length=500,
        validators=[validate_link_address],
        help_text=_("A web address (https://…) or a path on this site (/tag/kabul/)."),
    )

    TARGETS = ("category", "page", "article", "url")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")

    def __str__(self) -> str:
        return self.text

    def cache_tags(self) -> list[str]:
        return [pagecache.list_tag(Menu)]

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        target = self.category or self.page or self.article
        return getattr(target, "name", None) or getattr(target, "title", None) or self.url

    @property
    def text_language(self) -> str:
        """The language of a linked page's or article's title shown as the text; "" otherwise."""
        target = None if self.label else (self.page or self.article)
        return target.language if target is not None else ""

    @property
    def href(self) -> str:
        target = self.category or self.page or self.article
        return target.get_absolute_url() if target is not None else self.url

    @property
    def is_visible(self) -> bool:
        """Links to a draft page or an unpublished article are not shown to anyone; nor is an
        address that is no web link (stored before the rule, or by hand)."""
        if self.url:
            return is_link_address(self.url)
        if self.page_id:
            return self.page.is_published
        if self.article_id:
            return self.article.is_published
        return True

    def clean(self) -> None:
        chosen = [name for name in self.TARGETS if getattr(self, name if name == "url" else f"{name}_id")]
        if len(chosen) != 1:
            raise ValidationError(
                _("Link to exactly one thing: a category, a page, an article or an external address.")
            )
        # The label in the default language, which the others fall back to; under its own field
        # name, as the admin's form has one field per language and none called "label".
        default_label = build_localized_fieldname("label", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        if self.url and not getattr(self, default_label):
            raise ValidationError({default_label: _("Give the external link a label.")})
        if self.parent_id is not None:
            if self.parent.parent_id is not None:
                raise ValidationError({"parent": _("Menus nest one level deep: choose a top-level link.")})
            if self.parent.menu_id != self.menu_id:
                raise ValidationError({"parent": _("Choose a link of the same menu.")})
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A link cannot sit under itself.")})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": _("This link has a submenu, so it stays at the top level.")})
