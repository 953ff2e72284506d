from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class NewsroomConfig(AppConfig):
    """The project itself as an app: its system checks, the roles, the demo commands, two-factor sign-in."""

    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import checks, mail, twofactor  # noqa: F401  (register the checks and the sign-in receivers)
        from .roles import sync_roles_after_migrate
        from .text import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="newsroom.text.sqlite_fold")

        # After every migrate, as Django creates its permissions: no migration holds the roles.
        # post_migrate is sent per app with models (this one has none): the last one's is after all.
        last = [config for config in self.apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(sync_roles_after_migrate, sender=last, dispatch_uid="newsroom_sync_roles")


class TagsConfig(TaggitAppConfig):
    """django-taggit, headed in the admin as editors know it ("Tags", translated), not "Taggit"."""

    verbose_name = _("Tags")
