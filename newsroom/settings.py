"""Newsroom settings, read from environment variables.

Development defaults are safe and need nothing set; production sets at least
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see .env.example).
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom import release

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so its admin classes and translated fields are in place first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "newsroom.apps.TagsConfig",  # django-taggit
    "reversion",
    "django_prose_editor",
    "csp",
    "axes",
    "library",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "articles",
    "comments",
    "pages",
    "wordpress",
    # The project itself: its checks and the commands that use every app (seed_demo, demo_logins).
    "newsroom.apps.NewsroomConfig",
    "desk",
]

MIDDLEWARE = [
    # WordPress's /?p=123 links, before the page cache would answer them with the home page.
    "wordpress.middleware.LegacyQueryLinkMiddleware",
    # Pages this process served lately, to anonymous readers, before anything else runs
    # (with the headers the middleware below gave them): newsroom/pagecache.py.
    "newsroom.pagecache.PageCacheMiddleware",
    # ETags of the body and 304s; after the page cache, which answers its own with the ETag it stored.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "articles.embeds.ContentSecurityPolicyMiddleware",  # django-csp, frame-src for enabled players
    "newsroom.resilience.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the session's user as verified by a second factor; then staff who
    # must pass one and have not are kept out of /admin/ (newsroom/twofactor.py).
    "django_otp.middleware.OTPMiddleware",
    "newsroom.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: turns a lockout flagged during login into its own page.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the final 404s: old WordPress addresses → 301 (never over a live page).
    "wordpress.middleware.LegacyRedirectMiddleware",
    # Addresses of published articles whose slug changed, and merged tags → 301.
    "desk.addresses.MovedAddressMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL=postgres://... for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing on SQLite and keep files locked.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # A database that accepts connections and never answers must give the
    # outage page (503) within seconds, not hold a worker until gunicorn kills
    # it: a bound on connecting (the whole start-up exchange), on each
    # statement, and TCP keepalives that notice a peer that has gone away.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 3),
        # Page queries read a few hundred rows: starting a parallel worker or
        # JIT-compiling a plan costs more (10-40 ms, bench/README.md) than the
        # query, and both kick in on estimates that grow with the archive.
        options=(
            f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT', 15) * 1000}"
            f" -c max_parallel_workers_per_gather={env_int('DATABASE_PARALLEL_WORKERS', 0)}"
            f" -c jit={'on' if env_bool('DATABASE_JIT', False) else 'off'}"
        ),
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=3,
        keepalives_count=3,
        tcp_user_timeout=env_int("DATABASE_CONNECT_TIMEOUT", 3) * 3000,
    )
if env("TEST_DATABASE_NAME"):
    # Lets several checkouts run their PostgreSQL suites side by side.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# After a Redis error, seconds during which no request tries it again.
REDIS_BREAKER_SECONDS = float(env("REDIS_BREAKER_SECONDS", "2"))
if env("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its client objects (see the module).
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
            # Fail open fast (newsroom/redis_cache.py): seconds to connect and to answer.
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_TIMEOUT", "0.25")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.25")),
            },
        }
    }
else:
    # A folder every process of this machine shares (the server, the importer,
    # the shell), so a change made by one is seen by the others at once.
    CACHES = {
        "default": {
            "BACKEND": "newsroom.file_cache.FileBasedCache",  # add() atomic between processes
            "LOCATION": env("CACHE_DIR")
            or (tempfile.mkdtemp(prefix="newsroom-cache-") if TESTING else BASE_DIR / ".cache"),
            # Pages and their tag versions share it; the default 300 culls too early.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_ENTRIES", 5000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env("LANGUAGE_CODE", "en")
LANGUAGES = [
    ("en", _("English")),
    ("fa", _("Persian (Dari)")),
    ("ps", _("Pashto")),
]
# Django does not know Pashto: that it is written right to left, and its name
# (get_language_info(), used by the admin's translated fields).
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "ps"]
LANG_INFO.setdefault("ps", {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"})
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated names (categories, the masthead) via django-modeltranslation: one
# column per language; an empty translation shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fa", "ps")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env("TIME_ZONE", "Asia/Kabul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media on S3-compatible object storage (django-storages) when a bucket is set,
# so every app server sees every upload. Credentials: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, read by boto3 itself.
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public, unsigned URLs: a cached page must not carry expiring links.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }

# The console backend prints every message, commenters' names, emails and IP
# addresses included, into the server log: development only. Without DEBUG the
# default is SMTP, and `check --deploy` warns until EMAIL_BACKEND is set
# (newsroom/checks.py).
EMAIL_BACKEND_CONFIGURED = bool(env("EMAIL_BACKEND"))
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Django's own logger would print its lines with its handler and again through the root's.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

# --- Newsroom ---------------------------------------------------------------
NEWSROOM_SITE_NAME = env("SITE_NAME", "Kabul Analysis Desk")
# The default tagline is translated; one set in the environment is shown as it is.
NEWSROOM_SITE_TAGLINE = env("SITE_TAGLINE") or _("Reporting and analysis on Afghanistan and its region")
NEWSROOM_PAGE_SIZE = env_int("PAGE_SIZE", 12)
# Calendar of the dates shown per interface language: "solar_hijri" (Afghan month names,
# Eastern Arabic-Indic digits) or "gregorian"; unnamed languages are Gregorian.
NEWSROOM_CALENDARS = {
    "fa": env("CALENDAR_FA", "solar_hijri"),
    "ps": env("CALENDAR_PS", "solar_hijri"),
    "en": env("CALENDAR_EN", "gregorian"),
}
# Widths, in pixels, of the renditions made when a featured image is saved.
NEWSROOM_RENDITION_WIDTHS = (480, 800, 1200, 1600)
# Crops made around each library image's focal point: name -> (ratio w, ratio h, width).
# 16:9, 4:3 and 1:1 are the ratios Google asks for in NewsArticle structured data.
NEWSROOM_IMAGE_CROPS = {"16x9": (16, 9, 1200), "4x3": (4, 3, 1200), "1x1": (1, 1, 1200), "thumb": (1, 1, 240)}
# The library keeps a clean master at most this many pixels on the long side (2x the widest rendition).
NEWSROOM_IMAGE_MASTER_EDGE = env_int("IMAGE_MASTER_EDGE", 3200)
# AVIF renditions next to WebP, when this Pillow can write AVIF.
NEWSROOM_IMAGE_AVIF = env_bool("IMAGE_AVIF", True)
# Seconds the image child process may take for one upload.
NEWSROOM_IMAGE_TIMEOUT = env_int("IMAGE_TIMEOUT", 120)
# Feeds: how many articles, and the whole body (True) or only the dek (False).
NEWSROOM_FEED_ITEMS = env_int("FEED_ITEMS", 30)
NEWSROOM_FEED_FULL_TEXT = env_bool("FEED_FULL_TEXT", True)
# URLs per sitemap page; past this, /sitemap.xml becomes an index of pages.
NEWSROOM_SITEMAP_LIMIT = env_int("SITEMAP_LIMIT", 5000)
# The newsroom desk (desk app): how often an open edit form is kept, and its presence heartbeat.
NEWSROOM_AUTOSAVE_SECONDS = env_int("AUTOSAVE_SECONDS", 10)
NEWSROOM_PRESENCE_SECONDS = env_int("PRESENCE_SECONDS", 20)

# Replies (comments app, SPEC §4).
NEWSROOM_REPLY_DEPTH = env_int("REPLY_DEPTH", 3)  # levels of threading, 1 = flat
NEWSROOM_REPLY_CLOSE_AFTER_DAYS = env_int("REPLY_CLOSE_AFTER_DAYS", 30)  # 0 = never close by age
NEWSROOM_REPLY_FLOOD_SECONDS = env_int("REPLY_FLOOD_SECONDS", 15)  # per IP and per email
NEWSROOM_REPLY_MIN_SECONDS = env_int("REPLY_MIN_SECONDS", 3)  # faster than this is a bot
NEWSROOM_REPLY_MAX_LINKS = env_int("REPLY_MAX_LINKS", 2)  # more links than this → held
NEWSROOM_REPLY_MAX_LENGTH = env_int("REPLY_MAX_LENGTH", 5000)  # characters in a comment
NEWSROOM_REPLY_APPROVE_KNOWN_EMAIL = env_bool("REPLY_APPROVE_KNOWN_EMAIL", True)
NEWSROOM_REPLY_NOTIFY_MODERATORS = env_bool("REPLY_NOTIFY_MODERATORS", True)
# Replies keep the sender's IP address this many days (manage.py purge_reply_ips, daily).
NEWSROOM_REPLY_IP_RETENTION_DAYS = env_int("REPLY_IP_RETENTION_DAYS", 30)

# Page cache for anonymous readers (newsroom/pagecache.py, articles/invalidation.py).
PAGECACHE_ENABLED = env_bool("PAGECACHE", True)
# Parts of pages shared by every visitor (article body, replies thread): staff,
# readers with state of their own and page-cache misses skip their rendering.
PAGECACHE_FRAGMENTS = env_bool("PAGECACHE_FRAGMENTS", True)
PAGECACHE_TIMEOUT = env_int("PAGECACHE_TIMEOUT", 3600)  # seconds a page is kept at most
# Pages and parts are kept per release: a deployment never serves its predecessor's markup.
# Default: a hash of the code, templates, translations and static files (newsroom/release.py).
PAGECACHE_RELEASE = env("PAGECACHE_RELEASE") or release.fingerprint(BASE_DIR, skip=[STATIC_ROOT, MEDIA_ROOT])
# The shared cache in front (newsroom/edge.py): varnish, fastly or cloudflare.
# Its pages carry their tags in its header, and a change purges them there.
PAGECACHE_EDGE = env("PAGECACHE_EDGE")
if PAGECACHE_EDGE not in ("", "varnish", "fastly", "cloudflare"):
    raise ImproperlyConfigured("PAGECACHE_EDGE is one of varnish, fastly, cloudflare (or empty)")
# Varnish: its addresses (http://10.0.0.5:6081,…); Fastly/Cloudflare: another API base URL.
PAGECACHE_EDGE_URL = env("PAGECACHE_EDGE_URL", "http://127.0.0.1:6081" if PAGECACHE_EDGE == "varnish" else "")
PAGECACHE_EDGE_SERVICE = env("PAGECACHE_EDGE_SERVICE")  # Fastly service id, Cloudflare zone id
PAGECACHE_EDGE_TOKEN = env("PAGECACHE_EDGE_TOKEN")  # Fastly API key, Cloudflare API token (cache purge)
PAGECACHE_EDGE_TIMEOUT = float(env("PAGECACHE_EDGE_TIMEOUT", "2"))
# Headers naming a page's tags: by default the configured edge's own (xkey, Surrogate-Key, Cache-Tag).
PAGECACHE_EDGE_HEADERS = env_list("PAGECACHE_EDGE_HEADERS")
# Bytes per header; a page naming more tags is not kept at the edge.
PAGECACHE_EDGE_HEADER_LIMIT = env_int("PAGECACHE_EDGE_HEADER_LIMIT", 8000)
# Browsers always revalidate (max-age=0); shared caches keep a page this long
# (s-maxage), or, with an edge that is purged, until the next change.
PAGECACHE_SHARED_MAX_AGE = env_int("PAGECACHE_SHARED_MAX_AGE", 3600 if PAGECACHE_EDGE else 60)
# Query parameters some page reads; others (utm_*, fbclid…) are left out of the key.
PAGECACHE_QUERY_PARAMS = env_list("PAGECACHE_QUERY_PARAMS") or ["page", "p", "q", "replytocom"]
PAGECACHE_LOCAL_ENTRIES = env_int("PAGECACHE_LOCAL_ENTRIES", 64)  # per-process copies, checked on each hit
PAGECACHE_LOCAL_BYTES = env_int("PAGECACHE_LOCAL_BYTES", 8 * 1024 * 1024)  # and their size, at most
# Cookies that make a page this reader's own (added to session and messages).
PAGECACHE_BYPASS_COOKIES = env_list("PAGECACHE_BYPASS_COOKIES")
# A reader's own pending replies and saved details (comments/readers.py) make the page theirs.
PAGECACHE_BYPASS_COOKIES += ["replies_mine", "reply_author"]


# bench/bench.py: serve the constant-response floor view at /_bench/floor/.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# --- Security (issue 8) ------------------------------------------------------
# On by default whenever DEBUG is off; each switch can be turned off from the
# environment, e.g. SECURE_SSL_REDIRECT=0 when a proxy already redirects.
SECURE_DEFAULT = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_DEFAULT)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", SECURE_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE_DEFAULT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_DEFAULT)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_DEFAULT)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a TLS-terminating proxy that always sets (and strips) this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
# Media served from another origin (object storage, MEDIA_URL=https://...) must be allowed as images.
def _origin(url: str) -> list[str]:
    parts = urlsplit(url if "//" in url else f"https://{url}")
    return [f"{parts.scheme}://{parts.netloc}"] if parts.netloc else []


_media_origin = _origin(MEDIA_URL)
if env("AWS_STORAGE_BUCKET_NAME"):
    _bucket, _region = env("AWS_STORAGE_BUCKET_NAME"), env("AWS_S3_REGION_NAME")
    _media_origin += (
        _origin(env("AWS_S3_CUSTOM_DOMAIN"))
        or _origin(env("AWS_S3_ENDPOINT_URL"))
        or [f"https://{_bucket}.s3.amazonaws.com"]
        + ([f"https://{_bucket}.s3.{_region}.amazonaws.com"] if _region else [])
    )
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *_media_origin],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Failed logins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for a
# username from one address, that pair is locked out for the cool-off time.
AUTHENTICATION_BACKENDS = [
    "newsroom.auth_backends.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "newsroom.auth_backends.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Behind N proxies of our own, the client's address is the Nth from the right
# in X-Forwarded-For; with none, REMOTE_ADDR (anything else could be forged).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"

# --- tags and the newsroom desk ---------------------------------------------------
# "Pakistan" typed where "pakistan" exists is the same tag (desk's migration merged old duplicates).
TAGGIT_CASE_INSENSITIVE = True

# Two-factor sign-in (newsroom/twofactor.py): required for editors and
# administrators when on (the production value in .env.example); anyone on
# staff may set it up either way. Off by default, so `make run` logins work.
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
