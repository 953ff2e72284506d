from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wordpress"
    verbose_name = _("WordPress import")
