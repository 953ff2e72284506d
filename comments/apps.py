from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = _("Replies")

    def ready(self):
        from newsroom import pagecache

        from . import invalidation  # noqa: F401  (connects the cache receivers)
        from .forms import restart

        # A page served from the cache gets a form token made now, so "too fast" stays honest.
        pagecache.refresh_field("started", restart)
