from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "desk"
    verbose_name = _("Newsroom desk")

    def ready(self):
        # Old addresses of published articles are kept whatever path saves them.
        from . import addresses  # noqa: F401
