"""The newsroom's roles (SPEC §1), declared once.

Each Django group gets exactly the model permissions listed here, after
every ``migrate`` (:func:`sync_roles_after_migrate`, on ``post_migrate``, the
way Django creates its own permissions): a fresh database has the groups, and
a change to this table takes effect at the next deploy's ``migrate`` with no
migration of its own. Permissions granted to these groups by hand in the
admin are reset then; give them to a user or to another group instead.
Rules finer than model permissions (a journalist edits only their own
unpublished articles) live with the admin classes that enforce them.
"""

from collections.abc import Iterable

JOURNALIST = "Journalist"
EDITOR = "Editor"
MODERATOR = "Moderator"

_ARTICLE_WRITING = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.view_category",
    "articles.view_author",
    # A guest byline (a contributor without a login) is added from the byline field.
    "articles.add_author",
    "articles.add_correction",
    "articles.change_correction",
    "articles.view_correction",
    "library.add_image",
    "library.change_image",
    "library.view_image",
    "taggit.add_tag",
    "taggit.view_tag",
    "articles.add_articletag",
    "articles.change_articletag",
    "articles.delete_articletag",
    "articles.view_articletag",
    # Pages: journalists draft them (and edit drafts); editors publish.
    "pages.add_page",
    "pages.change_page",
    "pages.view_page",
    "pages.view_pageredirect",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    JOURNALIST: _ARTICLE_WRITING,
    EDITOR: _ARTICLE_WRITING
    + [
        "articles.delete_article",
        "articles.publish_article",
        "articles.delete_correction",
        "library.delete_image",
        "library.change_any_image",
        "articles.add_category",
        "articles.change_category",
        "articles.delete_category",
        "articles.change_author",
        "articles.delete_author",
        "taggit.change_tag",
        "taggit.delete_tag",
        "pages.delete_page",
        "pages.publish_page",
        "pages.add_pageredirect",
        "pages.change_pageredirect",
        "pages.delete_pageredirect",
        "pages.add_menu",
        "pages.change_menu",
        "pages.delete_menu",
        "pages.view_menu",
        "pages.add_menuitem",
        "pages.change_menuitem",
        "pages.delete_menuitem",
        "pages.view_menuitem",
        # Players of embedded videos and posts instead of link cards (articles/embeds.py).
        "articles.view_embedprovider",
        "articles.change_embedprovider",
    ],
    MODERATOR: [
        "comments.view_reply",
        "comments.change_reply",
        "comments.view_moderationlog",
        "comments.add_moderationterm",
        "comments.change_moderationterm",
        "comments.delete_moderationterm",
        "comments.view_moderationterm",
    ],
}


def sync_roles(apps, extra: dict[str, Iterable[str]] | None = None) -> None:
    """Create the groups and set their permissions to the table above."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure
    # the ones we are about to grant exist now.
    for app_config in apps.get_app_configs():
        # Historical app configs in migrations have no models_module, which
        # would make create_permissions skip them.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    table = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    for role, perms in (extra or {}).items():
        table.setdefault(role, []).extend(perms)
    for role, perms in table.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                if apps is global_apps:
                    raise LookupError(f"Permission {dotted} does not exist")
                # After a partial migrate an app's models may not exist yet:
                # the next full migrate grants them.
                continue
            wanted.append(permission)
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, apps=None, **kwargs) -> None:
    """``post_migrate`` receiver: the groups match the table after every migrate (and flush).

    ``flush`` sends the signal without ``apps`` (Django's own receivers default
    to the global registry too).
    """
    from django.apps import apps as global_apps

    sync_roles(apps or global_apps)
