"""Old WordPress addresses answer 301 to where the content lives now.

Like flatpages' fallback middleware, it only looks at responses that are
already 404, so a redirect can never hide a live page: when an old path such
as /2019/05/12/a-slug/ is also one of our own article addresses, the article
wins. The cost is one indexed look-up per 404 (two when it redirects).
WordPress's query-string links (``/?p=123``, ``/?page_id=7``,
``/?attachment_id=12``, ``/?cat=4``, ``/?tag=x``) are caught before the home
page, and its cached copy, answer them. An id that leads nowhere public (a draft, something never
imported) answers 404, as WordPress does, instead of the home page: a 200
would tell crawlers the old address lives on.
"""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect

from .redirects import legacy_target

QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag")
ID_KEYS = {"p", "page_id", "attachment_id"}  # addresses of one item: nowhere public is a 404
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")


def _searchable(value: str) -> bool:
    # PostgreSQL refuses NUL in a string, and no stored path is longer than 500 characters.
    return len(value) <= 500 and "\x00" not in value


class LegacyQueryLinkMiddleware:
    """WordPress's query-string links on the home page: first in MIDDLEWARE, before the page
    cache, which keys ``/?page_id=7`` as the home page (it ignores parameters pages do not read)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info in ("/", "/index.php") and request.GET:
            for key in QUERY_KEYS:
                value = request.GET.get(key, "").strip().lower()
                if value and _searchable(value):
                    target = legacy_target(f"/?{key}={value}")
                    if target:
                        return HttpResponsePermanentRedirect(target)
                    if key in ID_KEYS:
                        raise Http404("No public page has this WordPress id.")
        return self.get_response(request)


class LegacyRedirectMiddleware:
    """Old paths that are 404 here: last in MIDDLEWARE, so it sees the view's own 404s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(SKIPPED_PREFIXES)
        ):
            path = request.path_info.lower()
            path = path if path.endswith("/") else path + "/"
            target = legacy_target(path) if _searchable(path) else None
            if target and target != request.path_info:
                return HttpResponsePermanentRedirect(target)
        return response
