import pytest
from django.contrib.auth.models import Group

from newsroom import roles

from . import factories


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads and renditions go to a throwaway folder; no cache leaks between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def _member(group_name, **kwargs):
    user = factories.UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def journalist(db):
    return _member(roles.JOURNALIST, username="journalist")


@pytest.fixture
def editor(db):
    return _member(roles.EDITOR, username="editor")


@pytest.fixture
def moderator(db):
    return _member(roles.MODERATOR, username="moderator")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
