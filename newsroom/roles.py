"""The newsroom's roles (SPEC §1), declared once.

Each Django group gets exactly the model permissions listed here. The data
migrations call :func:`sync_roles`, so a fresh database has the groups, and a
change to this table ships as a new migration that calls it again.
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
    "articles.add_correction",
    "articles.change_correction",
    "articles.view_correction",
    "library.add_image",
    "library.change_image",
    "library.view_image",
    "taggit.add_tag",
    "taggit.view_tag",
    "taggit.add_taggeditem",
    "taggit.change_taggeditem",
    "taggit.delete_taggeditem",
    "taggit.view_taggeditem",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    JOURNALIST: _ARTICLE_WRITING,
    EDITOR: _ARTICLE_WRITING
    + [
        "articles.delete_article",
        "articles.publish_article",
        "articles.delete_correction",
        "library.delete_image",
        "articles.add_category",
        "articles.change_category",
        "articles.delete_category",
        "articles.add_author",
        "articles.change_author",
        "articles.delete_author",
        "taggit.change_tag",
        "taggit.delete_tag",
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
                # In a migration, another app's models may not be migrated yet:
                # that app's own data migration calls sync_roles again.
                continue
            wanted.append(permission)
        group.permissions.set(wanted)
