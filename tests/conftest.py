import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from newsroom import roles

from . import factories

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
OTHER_DATABASE = "needs PostgreSQL: runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...)"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` are skipped on SQLite, and only they may skip by design."""
    if ON_POSTGRES:
        return
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason=OTHER_DATABASE))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``CI`` set, as .ci/run does) any other skip is a failure: a missing service
    (Redis, PostgreSQL, Chromium) must not let the suite pass without its tests."""
    report = yield
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        if OTHER_DATABASE not in reason:
            report.outcome = "failed"
            report.longrepr = f"skipped in CI, where every test must run: {reason}"
    return report


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads and renditions go to a throwaway folder; no cache leaks between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # One process, one clock: a part rendered within a second of a test's own writes is
    # still kept, so query counts do not depend on how fast the machine is.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in English: a language left active by an earlier test in the same worker
    gave factory-made categories a name in that language only (an empty English link)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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


@receiver(setting_changed)
def _page_cache_replaced(setting, **kwargs):
    """A test that swaps the cache: what this process knew of the old one is no longer true."""
    from newsroom import pagecache

    if setting in ("CACHES", "PAGECACHE_ALIAS"):
        if pagecache._watch.pubsub is not None:
            pagecache._watch.pubsub.close()
        pagecache._watch.__init__()
        pagecache._local.clear()
        pagecache._outages_seen[0] = 0
