"""What an import remembers: which of our objects each WordPress object became, and old URLs.

``ImportedObject`` makes a second import update instead of duplicating (it is
looked up by WordPress id) and lets the redirects find their target;
``LegacyURL`` holds the old site's paths, answered with a 301 when our site
has no page of its own at that address.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", _("Author")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")
        POST = "post", _("Post")
        REPLY = "reply", _("Reply")
        MEDIA = "media", _("Image")
        FILE = "file", _("File")
        PAGE = "page", _("Page")
        MENU = "menu", _("Menu")
        MENU_ITEM = "menuitem", _("Menu item")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # A numeric WordPress id, or for authors their login (posts name authors by login).
    wp_key = models.CharField(_("WordPress id"), max_length=200)
    # The pk of the Article, Category, Author, Reply, taggit Tag, library image, ImportedFile, Page,
    # Menu or MenuItem it became.
    object_id = models.BigIntegerField(_("object id"))
    # A hash of the WordPress data last imported: unchanged data is not written again,
    # so a re-import keeps edits made here since (moderation decisions, copy edits).
    digest = models.CharField(max_length=40, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [models.UniqueConstraint(fields=["kind", "wp_key"], name="wp_object_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.wp_key} → {self.object_id}"


class LegacyURL(models.Model):
    path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        help_text=_("A path of the old WordPress site, decoded, e.g. /2019/05/12/a-slug/."),
    )
    target = models.ForeignKey(
        ImportedObject, verbose_name=_("target"), on_delete=models.CASCADE, related_name="legacy_urls"
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("old WordPress address")
        verbose_name_plural = _("old WordPress addresses")

    def __str__(self) -> str:
        return self.path


class ImportedFile(models.Model):
    """An uploaded file of the old site that is not an image: audio, video, a document.

    Images go to the media library; these are kept as they were uploaded
    (after the same size and content checks) so bodies can play or link them
    from this site.
    """

    class Type(models.TextChoices):
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Document")

    file = models.FileField(_("file"), upload_to="files/%Y/%m/", max_length=255)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    title = models.CharField(_("title"), max_length=250, blank=True)
    original_url = models.URLField(_("address on the old site"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    def __str__(self) -> str:
        return self.title or self.file.name
