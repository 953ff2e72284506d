"""What readers get while the database is unreachable.

A reader sees a short 503 page with Retry-After instead of a stack trace; a
reader who was posting (a reply, any form) is told that nothing was saved and
gets their text back with a button that sends it again. Nothing here touches
the database. Django closes a broken connection at the end of the request
(and health-checks persistent ones at the start of the next), so the site
recovers by itself when the database is back.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# Fields never echoed back into the "send again" form: the CSRF token (a fresh
# one is given), and anything whose name says it holds a credential.
SENSITIVE_NAME_PARTS = ("password", "token", "secret")


def is_resent(name: str) -> bool:
    folded = name.casefold()
    return name != "csrfmiddlewaretoken" and not any(part in folded for part in SENSITIVE_NAME_PARTS)


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page; for a POST, with the submitted fields ready to be sent again."""
    resend = []
    if request.method == "POST":
        resend = [
            (name, value) for name, values in request.POST.lists() if is_resent(name) for value in values
        ]
    context = {
        "LANGUAGE_CODE": translation.get_language(),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "was_post": request.method == "POST",
        "resend": resend,
        "resend_action": request.get_full_path(),
        "csrf_token": get_token(request) if request.method == "POST" else "",
        "retry_after": RETRY_AFTER_SECONDS,
        "site_name": settings.NEWSROOM_SITE_NAME,
    }
    # No request context: context processors could query the database.
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection in a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=exception)
        return database_unavailable(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database outage anywhere (middleware included) is a 503, not a 500."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return default_server_error(request, template_name)
