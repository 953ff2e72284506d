from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Connects the receivers that keep the page cache exact.
        from . import (
            invalidation,  # noqa: F401
            search,
        )

        search.connect_signals()
        post_migrate.connect(add_embed_providers, sender=self, dispatch_uid="articles_embed_providers")


def add_embed_providers(sender, apps=None, using="default", **kwargs) -> None:
    """A switch, off, for every known player (articles/embeds.py) after each migrate and flush.

    So a player added to ``embeds.PLAYERS`` needs no migration, and a flushed
    test database has the table editors see.
    """
    from django.apps import apps as global_apps

    from .embeds import PLAYERS

    try:
        EmbedProvider = (apps or global_apps).get_model("articles", "EmbedProvider")
    except LookupError:  # migrated only part of the way
        return
    EmbedProvider.objects.using(using).bulk_create(
        [EmbedProvider(slug=slug, enabled=False) for slug in PLAYERS], ignore_conflicts=True
    )
