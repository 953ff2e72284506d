"""What the project keeps about its staff beyond Django's user: the language each one reads."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffLanguage(models.Model):
    """The language a staff member last signed in with: their emails are written in it
    (newsroom.mail), whoever's action sent them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("staff language")
        verbose_name_plural = _("staff languages")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"
