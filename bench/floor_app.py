"""The framework's floor: a one-file Django app answering a constant 30 KB page, with no middleware.

    gunicorn bench.floor_app:application        (bench/bench.py starts it beside the site)

What Django and gunicorn cost for a page of the site's size with nothing
else to do: bench.py reports every page as a share of this.
"""

import random

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-only-not-a-secret",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

_WORDS = ["province", "government", "security", "talks", "border", "trade", "wheat", "market", "council"]
_rng = random.Random(30)
_paragraphs = []
while sum(map(len, _paragraphs)) < 30 * 1024 - 200:
    _paragraphs.append("<p>" + " ".join(_rng.choice(_WORDS) for _ in range(60)) + "</p>\n")
BODY = (
    "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Floor</title></head><body>\n"
    + "".join(_paragraphs)
    + "</body></html>\n"
).encode()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]
application = get_wsgi_application()
