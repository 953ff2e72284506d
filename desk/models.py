"""What the newsroom desk keeps: unsaved work, who has an article open, moved addresses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """The last unsaved state of an article form, per user.

    Not a revision and never shown to readers: it only offers the writer
    their own text back. A new, never-saved article is keyed by ``draft_key``
    (made by the browser for that add form) instead of an article.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    draft_key = models.CharField(max_length=40, blank=True)
    # The form's fields as sent by the browser (name → value or list of values).
    data = models.JSONField(default=dict)
    # The edit token of the saved version the form was opened on (articles.revisions).
    edit_token = models.CharField(max_length=20, blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_once_per_article",
            ),
            models.UniqueConstraint(
                fields=["user", "draft_key"],
                condition=Q(article__isnull=True),
                name="autosave_once_per_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.article or self.draft_key}"


class Presence(models.Model):
    """Someone has an article's edit page open; refreshed by the page's heartbeat."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("open edit page")
        verbose_name_plural = _("open edit pages")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="presence_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.article_id}"


class MovedAddress(models.Model):
    """A public address that moved: an article's slug or date changed, a tag was merged.

    The target is the object, not its address, so a page that moves twice
    still sends every old link to where it is now.
    """

    path = models.CharField(_("old path"), max_length=500, unique=True)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey("taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("moved address")
        verbose_name_plural = _("moved addresses")

    def __str__(self) -> str:
        return self.path

    def target(self) -> str | None:
        if self.article is not None:
            return self.article.get_absolute_url() if self.article.is_published else None
        if self.tag is not None:
            from django.urls import reverse

            return reverse("articles:tag", kwargs={"slug": self.tag.slug})
        return None
