from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from .views import set_language

urlpatterns = [
    path("admin/desk/", include("desk.urls")),
    path("admin/two-factor/", include("newsroom.twofactor")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (the admin).
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("img/favicon.svg"))),
    # The language switcher is on every page; with no CSRF token in it the pages stay
    # cacheable by a CDN. A forged request could only change a reader's display language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
    # Last: /<slug>/ and /<parent>/<slug>/ must never shadow another route.
    path("", include("pages.urls")),
]

if settings.BENCH_FLOOR:
    from .views import bench_floor

    urlpatterns.insert(0, path("_bench/floor/", bench_floor))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A lost database connection is answered with a 503 page (newsroom/resilience.py).
handler500 = "newsroom.resilience.server_error"
