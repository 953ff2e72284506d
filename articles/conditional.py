"""Conditional GET: ETag and Last-Modified from what a page shows, and 304s.

While a page renders, what it shows notes the moment it last changed
(``note(request, article.updated_at)``). The ETag hashes every noted value,
the language and, for a visitor with state, their cookies; Last-Modified is
the newest noted time. The values are loaded anyway: validators cost no query.
They are set after rendering, so the page cache stores them with the page;
``respond()`` runs outside the page cache and answers 304 for hits and misses.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from newsroom import pagecache

from . import embeds


def note(request: HttpRequest, *values) -> None:
    """Record what the page being rendered shows: times, ids, counts."""
    found = getattr(request, "_validators", None)
    if found is not None:
        found.extend(values)


@contextmanager
def notes_of(request: HttpRequest) -> Iterator[list]:
    """Collect what is noted inside instead of noting it: for a shared part kept with its validators."""
    outer = getattr(request, "_validators", None)
    found = request._validators = []
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
        parts.append(request.META.get("HTTP_COOKIE", ""))  # staff and visitors with state: their own
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    times = [v for v in values if isinstance(v, datetime.datetime)]
    if times:
        response["Last-Modified"] = http_date(max(times).timestamp())


def respond(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """``render()``'s response with validators, or 304 when the client has it already."""
    request._validators = []
    response = render()
    if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
        response = response.render()
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=modified, response=response
    )


class ConditionalGetMixin:
    """For class-based views: outermost, so page-cache hits get 304s too."""

    def dispatch(self, request, *args, **kwargs):
        parent = super()
        return respond(request, lambda: parent.dispatch(request, *args, **kwargs))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # After rendering (what templates note counts) and before the page cache stores it.
        response.add_post_render_callback(lambda rendered: set_validators(self.request, rendered))
        # A page with embedded players asks the Content-Security-Policy for their frames.
        response.add_post_render_callback(lambda rendered: embeds.mark_response(self.request, rendered))
        return response


def validated(view):
    """Set validators on a function view's finished response (inside the page cache)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        set_validators(request, response)
        return response

    return wrapped


def conditional_view(view):
    """Outermost wrapper for function views: 304 when the client has the page."""
    return functools.wraps(view)(
        lambda request, *args, **kwargs: respond(request, lambda: view(request, *args, **kwargs))
    )
