"""Apps depend one way: the media library knows no content app; comments and wordpress
build on articles, never the reverse.

Read from the source (every import statement, at any depth, and any
``apps.get_model`` by label), so a function-level import cannot hide a cycle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# app -> the project's apps it may never reach
FORBIDDEN = {
    "library": {"articles", "pages", "comments", "desk", "wordpress", "newsroom.demo"},
    "articles": {"comments", "wordpress", "newsroom.demo"},
    "comments": {"wordpress", "newsroom.demo"},
}


def imported_modules(source: str) -> set[str]:
    """Every module ``source`` imports or asks the app registry for, by its dotted name."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get_model", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(
                node.args[0].value.split(".")[0] if node.func.attr == "get_model" else node.args[0].value
            )
    return found


def reaches(modules: set[str], packages: set[str]) -> set[str]:
    return {m for m in modules for p in packages if m == p or m.startswith(p + ".")}


@pytest.mark.parametrize(
    "source, reached",
    [
        ("import comments.models", {"comments.models"}),
        ("from comments.models import Reply", {"comments.models", "comments.models.Reply"}),
        ("from comments import moderation", {"comments", "comments.moderation"}),
        ("def f():\n    from comments.models import Reply\n", {"comments.models", "comments.models.Reply"}),
        ("from django.apps import apps\napps.get_model('comments', 'Reply')", {"comments"}),
        ("import importlib\nimportlib.import_module('comments.models')", {"comments.models"}),
        ("from . import invalidation\nfrom commentary import x\nimport comments_extra", set()),
    ],
)
def test_the_reader_finds_every_way_of_importing(source, reached):
    assert reaches(imported_modules(source), {"comments"}) == reached


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_apps_never_import_what_builds_on_them(app):
    offending = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        found = reaches(imported_modules(path.read_text(encoding="utf-8")), FORBIDDEN[app])
        if found:
            offending[str(path.relative_to(ROOT))] = sorted(found)
    assert offending == {}


def test_no_migration_holds_the_roles():
    """Roles are synced after every migrate (newsroom.roles), so old migrations never change with them."""
    holding = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("*/migrations/*.py"))
        if reaches(imported_modules(path.read_text(encoding="utf-8")), {"newsroom.roles"})
    ]
    assert holding == []


@pytest.mark.django_db
def test_a_migrate_sets_the_roles_from_the_table():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from newsroom import roles

    Group.objects.all().delete()
    call_command("migrate", verbosity=0)  # nothing left to migrate: the roles come back all the same
    for role, permissions in roles.ROLE_PERMISSIONS.items():
        granted = Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename")
        assert sorted(f"{app}.{codename}" for app, codename in granted) == sorted(set(permissions))
