from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The project itself as an app: its system checks and two-factor sign-in."""

    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import checks, twofactor  # noqa: F401  (register the checks and the sign-in receiver)
