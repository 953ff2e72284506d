from django.utils.functional import lazy

from articles.models import Masthead
from newsroom import pagecache


def _masthead(request, part: str) -> str:
    # Once per request: the page and the shared parts rendered for it use the same names.
    names = getattr(request, "_masthead", None)
    if names is None:
        names = request._masthead = Masthead.names()
    return Masthead.shown(part, names)


# Made once: lazy() builds a class per call, and the processor runs for every template rendered.
_lazy_masthead = lazy(_masthead, str)


def site(request):
    """Site-wide names that every template may show, in the page's language.

    Read only when a template shows them (sitemaps and feeds do not).
    """
    pagecache.lists(request, Masthead)
    return {"site_name": _lazy_masthead(request, "name"), "site_tagline": _lazy_masthead(request, "tagline")}
