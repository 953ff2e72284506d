from django.conf import settings
from django.utils import translation

from articles import invalidation as deps
from articles.models import Masthead
from newsroom import pagecache


def site(request):
    """Site-wide names that every template may show, in the page's language."""
    pagecache.record(request, deps.MASTHEAD)
    # Once per request: the page and the shared parts rendered for it use the same names.
    names = getattr(request, "_masthead", None)
    if names is None:
        names = request._masthead = Masthead.names()
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    shown = names.get(language) or names[settings.LANGUAGE_CODE]
    return {"site_name": shown["name"], "site_tagline": shown["tagline"]}
