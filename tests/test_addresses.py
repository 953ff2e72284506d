"""Remembered addresses are the ones reverse() gives, under any script prefix or URLconf."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from newsroom.addresses import _reversed, reverse_once

KWARGS = {"year": "2026", "month": "11", "day": "27", "slug": "border-talks"}


def test_an_address_is_reverses_own_and_worked_out_once():
    _reversed.cache_clear()
    assert reverse_once("articles:detail", **KWARGS) == reverse("articles:detail", kwargs=KWARGS)
    assert reverse_once("articles:detail", **KWARGS) == "/2026/11/27/border-talks/"
    assert (_reversed.cache_info().hits, _reversed.cache_info().misses) == (1, 1)


def test_unicode_slugs_are_quoted_as_reverse_quotes_them():
    assert reverse_once("articles:tag", slug="کابل") == reverse("articles:tag", kwargs={"slug": "کابل"})


def test_the_script_prefix_is_part_of_the_address():
    plain = reverse_once("articles:author", slug="zahra")
    set_script_prefix("/news/")
    try:
        assert reverse_once("articles:author", slug="zahra") == "/news" + plain
    finally:
        clear_script_prefix()
    assert reverse_once("articles:author", slug="zahra") == plain


def test_no_match_is_raised_every_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            reverse_once("articles:author", slug="")
