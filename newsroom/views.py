from django.apps import apps
from django.http import HttpResponse
from django.views import i18n


def bench_floor(request):
    """A constant response through the whole middleware stack: the framework's floor.

    ``?lookups=N`` first loads an article row N times, one query each, as a
    page making N queries must at least: the bound the ORM sets on such a page.
    Served only when settings.BENCH_FLOOR is on (bench/bench.py turns it on).
    """
    asked = request.GET.get("lookups", "")
    if lookups := int(asked) if asked.isdigit() and len(asked) < 3 else 0:
        articles = apps.get_model("articles", "Article")._base_manager  # by name: no import of an app
        for _ in range(lookups):
            articles.order_by("-pk").first()  # the newest row, from the primary key's index
    return HttpResponse(b"floor", content_type="text/plain")


def set_language(request):
    """Django's set_language, landing on the article's version in the chosen language when it has one.

    The switcher sends ``next`` (this page) and ``next_<code>`` for each language
    the article is translated into; set_language still refuses addresses on
    other sites, whichever of the two is used.
    """
    chosen = request.POST.get(f"next_{request.POST.get('language', '')}")
    if request.method == "POST" and chosen:
        request.POST = request.POST.copy()
        request.POST["next"] = chosen
    return i18n.set_language(request)
