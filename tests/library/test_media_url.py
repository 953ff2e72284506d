"""Image addresses are worked out once per name, and follow the storage settings when they change."""

from django.core.files.storage import default_storage
from django.test import override_settings

from library.models import Image, media_url


def test_a_rendition_address_is_the_storages_own():
    name = "library/0a1b/1/480 wide.webp"
    assert Image.url(name) == default_storage.url(name)


def test_the_same_name_is_worked_out_once():
    media_url.cache_clear()
    Image.url("library/c3/1/800.jpg")
    Image.url("library/c3/1/800.jpg")
    info = media_url.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_a_changed_media_url_is_not_answered_from_memory():
    name = "library/d4/1/1200.avif"
    before = Image.url(name)
    with override_settings(MEDIA_URL="https://media.example.org/newsroom/"):
        assert Image.url(name) == "https://media.example.org/newsroom/library/d4/1/1200.avif"
    assert Image.url(name) == before
