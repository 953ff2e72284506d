"""The media library: every picture the site shows, uploaded once, chosen many times."""

from __future__ import annotations

import operator
import posixpath
import re
import uuid
from functools import lru_cache, reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from newsroom.text import fold_sql, normalize

from . import bodies, images

BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"


@lru_cache(maxsize=4096)
def media_url(name: str) -> str:
    """The storage's address of a stored file, worked out once per name.

    A card's picture names thirteen renditions and a listing shows dozens of
    cards: the storage's ``url()`` (``urljoin``, quoting) for each was a sixth
    of the home page's render. An address depends on the name and the
    storage settings only (media links are unsigned: settings.STORAGES).
    """
    return default_storage.url(name)


@receiver(setting_changed)
def _storage_changed(setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_URL", "MEDIA_ROOT"):
        media_url.cache_clear()


class ImageQuerySet(models.QuerySet):
    def search(self, text: str) -> ImageQuerySet:
        """Images whose title, caption, credit or alt text hold every word of ``text``, compared
        folded (newsroom.text): کابل typed with an Arabic kaf, or KABUL, finds Kabul's pictures."""
        words = normalize(text).split()
        if not words:
            return self
        fields = ("title", "caption", "credit", "alt_text")
        folded = {f"folded_{field}": fold_sql(F(field), lower=True) for field in fields}
        each_word = (
            reduce(operator.or_, (Q(**{f"folded_{field}__contains": word}) for field in fields))
            for word in words
        )
        return self.alias(**folded).filter(reduce(operator.and_, each_word))

    def for_body(self, refs: set[str]) -> dict[str, dict]:
        """``img`` attributes of the images ``refs`` name, in one query.

        A reference is a key (from a rendition's address), a pre-library
        file name, or the master's own name: a body never keeps a link to
        the original upload.
        """
        found = {}
        for image in self.filter(Q(key__in=refs) | Q(legacy_name__in=refs) | Q(file__in=refs)):
            attributes = image.img_attributes()
            found[image.key] = found[image.file.name] = attributes
            if image.legacy_name:
                found[image.legacy_name] = attributes
        return found


class ImageManager(models.Manager.from_queryset(ImageQuerySet)):
    def create_from_file(
        self,
        file,
        *,
        title: str = "",
        alt_text: str = "",
        caption: str = "",
        credit: str = "",
        focal_x: float = 0.5,
        focal_y: float = 0.5,
        uploaded_by=None,
        legacy_name: str = "",
    ) -> Image:
        """Add a picture to the library from a file object: the one way in.

        ``file`` is any Django ``File`` or ``UploadedFile`` (or an open binary
        file wrapped in ``django.core.files.File``). It gets the same checks as
        an upload in the admin, then its metadata is stripped and renditions
        made. Raises ``django.core.exceptions.ValidationError`` (its
        ``messages`` are for people) when the file is refused; nothing is
        stored then.
        """
        image = self.model(
            title=(title or title_from_name(getattr(file, "name", "") or ""))[:200],
            alt_text=alt_text[:250],
            caption=caption[:300],
            credit=credit[:150],
            focal_x=focal_x,
            focal_y=focal_y,
            uploaded_by=uploaded_by,
            legacy_name=legacy_name,
        )
        image.full_clean(exclude=["file", "key"])
        prepared = images.prepare(file, (focal_x, focal_y))
        try:
            image.store(prepared)
        finally:
            prepared.cleanup()
        return image


def title_from_name(name: str) -> str:
    stem = posixpath.splitext(posixpath.basename(name.replace("\\", "/")))[0]
    return re.sub(r"[-_]+", " ", stem).strip() or gettext("Untitled image")


class Image(models.Model):
    """A picture in the library, with what readers are told about it.

    ``file`` is the clean master (upright, no metadata, at most
    ``NEWSROOM_IMAGE_MASTER_EDGE`` pixels on the long side) under a random
    name. Public pages only ever link the renditions, stored under
    ``library/<key>/<version>/``.
    """

    title = models.CharField(
        _("title"), max_length=200, help_text=_("For finding the image in the library; not shown to readers.")
    )
    file = models.FileField(_("file"), max_length=255, editable=False)
    key = models.CharField(max_length=32, unique=True, editable=False, default="")
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"), max_length=150, blank=True, help_text=_("Photographer or agency, shown with the image.")
    )
    focal_x = models.FloatField(
        _("focal point (across)"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the left edge, 1 the right: square and wide crops keep this point in view."),
    )
    focal_y = models.FloatField(
        _("focal point (down)"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    checksum = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Where the file lived before the library (a featured image or body image
    # of the old schema): bodies restored from old revisions still find it.
    legacy_name = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImageManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        # Without it, only one's own uploads that readers do not see yet (library.usage).
        permissions = [("change_any_image", _("Can change any image, also where readers see it"))]

    def __str__(self) -> str:
        return self.title or self.alt_text or gettext("Image %(id)s") % {"id": self.pk}

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        image._loaded_focal = (image.__dict__.get("focal_x"), image.__dict__.get("focal_y"))
        return image

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_focal", None)
        replaced = {}
        if loaded is not None and loaded != (self.focal_x, self.focal_y) and self.file:
            # Crops follow the focal point: made again from the master, under a new version.
            replaced, self.renditions = self.renditions, self.new_renditions()
        super().save(*args, **kwargs)
        images.delete_renditions(replaced)
        self._loaded_focal = (self.focal_x, self.focal_y)

    # --- files ------------------------------------------------------------------
    def store(self, prepared: images.Prepared) -> None:
        """Store a freshly prepared upload as this image's master and renditions, then save."""
        if self.file:
            raise ValidationError(gettext("A library image keeps its file; upload a new image instead."))
        self.key = uuid.uuid4().hex
        stored = []
        try:
            self.file.name = prepared.store_master()
            stored.append(self.file.name)
            self.width, self.height = prepared.width, prepared.height
            self.checksum = prepared.checksum
            self.renditions = prepared.store_renditions(self.key, 1)
            with transaction.atomic():
                self.save()
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            images.delete_renditions(self.renditions)
            self.file.name, self.renditions = "", {}
            raise

    def new_renditions(self) -> dict:
        """Renditions made again from the stored master, under the next version number."""
        with default_storage.open(self.file.name, "rb") as master:
            prepared = images.prepare(master, (self.focal_x, self.focal_y), check=False)
        try:
            return prepared.store_renditions(self.key, self.renditions.get("version", 0) + 1)
        finally:
            prepared.cleanup()

    def delete_files(self) -> None:
        images.delete_renditions(self.renditions)
        if self.file:
            default_storage.delete(self.file.name)

    # --- addresses ----------------------------------------------------------------
    @staticmethod
    def url(name: str) -> str:
        return media_url(name)

    def srcset(self, kind: str = "fallback") -> str:
        return ", ".join(
            f"{self.url(size[kind])} {size['width']}w"
            for size in self.renditions.get("sizes", [])
            if size.get(kind)
        )

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    @property
    def srcset_avif(self) -> str:
        return self.srcset("avif")

    @property
    def src(self) -> str:
        """A middle width, for browsers without srcset."""
        sizes = self.renditions.get("sizes", [])
        return self.url(sizes[len(sizes) // 2]["fallback"]) if sizes else ""

    @property
    def display_width(self) -> int:
        sizes = self.renditions.get("sizes", [])
        return sizes[-1]["width"] if sizes else self.width

    @property
    def display_height(self) -> int:
        sizes = self.renditions.get("sizes", [])
        return sizes[-1]["height"] if sizes else self.height

    def largest(self) -> tuple[str, int, int]:
        sizes = self.renditions.get("sizes", [])
        if not sizes:
            return "", 0, 0
        return self.url(sizes[-1]["fallback"]), sizes[-1]["width"], sizes[-1]["height"]

    def crop(self, name: str) -> dict:
        """``{"url", "width", "height"}`` of a crop (``1x1``, ``4x3``, ``16x9``, ``thumb``), or {}."""
        entry = self.renditions.get("crops", {}).get(name)
        if not entry:
            return {}
        return {"url": self.url(entry["fallback"]), "width": entry["width"], "height": entry["height"]}

    @property
    def thumbnail_url(self) -> str:
        return self.crop("thumb").get("url") or self.src

    def structured_data_urls(self) -> list[str]:
        """The 16:9, 4:3 and 1:1 crops Google asks for in NewsArticle, widest first."""
        urls = [self.crop(name).get("url") for name in ("16x9", "4x3", "1x1")]
        return [url for url in urls if url] or ([self.largest()[0]] if self.renditions.get("sizes") else [])

    # --- markup -------------------------------------------------------------------
    def img_attributes(self, alt: str | None = None) -> dict:
        return {
            "src": self.src,
            "srcset": self.srcset(),
            "sizes": BODY_SIZES,
            "width": self.display_width,
            "height": self.display_height,
            "alt": self.alt_text if alt is None else alt,
        }

    def figure_html(self) -> str:
        """The body figure the chooser inserts: the picture, its caption and credit.

        Plain markup the body editor keeps (figure, img, figcaption); the
        srcset is brought up to date from the library whenever the article is
        saved (``library.bodies.responsive_body_images``).
        """
        attrs = self.img_attributes()
        # The credit as the editor writes it (<span class="credit">, kept by the sanitizer).
        credit = ""
        if self.credit:
            label = pgettext("image credit", "Photo: %(credit)s") % {"credit": self.credit}
            credit = format_html('<span class="credit">{}</span>', label)
        caption = self.caption or credit
        if self.caption and credit:
            caption = format_html("{} {}", self.caption, credit)
        img = format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy">',
            attrs["src"],
            attrs["srcset"],
            attrs["sizes"],
            attrs["width"],
            attrs["height"],
            attrs["alt"],
        )
        if caption:
            return format_html("<figure>{}<figcaption>{}</figcaption></figure>", img, caption)
        return format_html("<figure>{}</figure>", img)


@receiver(post_delete, sender=Image, dispatch_uid="library_image_files_deleted")
def _delete_files(sender, instance: Image, **kwargs):
    # Once the row is gone for good: a rolled-back delete keeps its files.
    transaction.on_commit(instance.delete_files)


@receiver(post_save, sender=Image, dispatch_uid="library_image_bodies_refreshed")
def _bodies_follow(sender, instance: Image, created=False, raw=False, **kwargs):
    """New crops or words: every body showing the image is rewritten (the caches are bumped by the apps)."""
    if not (created or raw):
        bodies.refresh(instance)
