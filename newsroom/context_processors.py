from django.conf import settings


def site(request):
    """Site-wide names that every template may show."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
    }
