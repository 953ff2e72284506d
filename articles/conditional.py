"""ETag and Last-Modified from what a page shows, noted while it renders (no second read).

``note(request, article.updated_at)``: the ETag hashes the noted values and the
language (with a visitor's cookies: staff get their own), Last-Modified is the
newest time. Set after rendering, so the page cache stores them; Django's
ConditionalGetMiddleware answers the 304s.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from newsroom import pagecache

from . import embeds


def note(request: HttpRequest, *values) -> None:
    """Record what the page being rendered shows: times, ids, counts."""
    if (found := getattr(request, "_validators", None)) is not None:
        found.extend(values)


@contextmanager
def notes_of(request: HttpRequest) -> Iterator[list]:
    """Collect what is noted inside instead of noting it: for a shared part kept with its validators."""
    outer, found = getattr(request, "_validators", None), []
    request._validators = found
    try:
        yield found
    finally:
        request._validators = outer


def set_validators(request: HttpRequest, response: HttpResponse) -> None:
    values = getattr(request, "_validators", None)
    if not values or response.status_code != 200:
        return
    parts = [getattr(request, "LANGUAGE_CODE", "")]
    parts += [v.isoformat() if isinstance(v, datetime.datetime) else str(v) for v in values]
    if not pagecache.is_reader_request(request):
        parts.append(request.META.get("HTTP_COOKIE", ""))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    if times := [v for v in values if isinstance(v, datetime.datetime)]:
        response["Last-Modified"] = http_date(max(times).timestamp())


class ConditionalGetMixin:
    """For class-based views: validators on the rendered page, before the page cache stores it."""

    def dispatch(self, request, *args, **kwargs):
        request._validators = []
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(lambda rendered: set_validators(self.request, rendered))
        # A page with embedded players asks the Content-Security-Policy for their frames.
        response.add_post_render_callback(lambda rendered: embeds.mark_response(self.request, rendered))
        return response


def validated(view):
    """Validators on a function view's finished response (inside the page cache)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request._validators = []
        response = view(request, *args, **kwargs)
        set_validators(request, response)
        return response

    return wrapped
