"""``reverse()`` for the addresses every page repeats: each worked out once per process.

A listing links each card's article, authors and category, and the home page
shows thirty cards: Django's ``reverse()`` (about 35 µs a call) was a tenth
of their render. An address depends only on the view name, its arguments,
the URLconf and the script prefix, all part of the key, so a remembered one
is always the one ``reverse()`` would give.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=4096)
def _reversed(viewname: str, kwargs: tuple, urlconf, root_urlconf: str, prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def reverse_once(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered (``NoReverseMatch`` is raised, not kept)."""
    return _reversed(
        viewname, tuple(kwargs.items()), get_urlconf(), settings.ROOT_URLCONF, get_script_prefix()
    )
