"""Newsroom settings, read from environment variables.

Development defaults are safe and need nothing set; production sets at least
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see .env.example).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "django_prose_editor",
    "csp",
    "axes",
    "library",
    "articles",
    "comments",
    "wordpress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.resilience.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Stored pages for anonymous readers, once the language is known and before
    # URLs and views; the middleware above adds its headers to them too.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: turns a lockout flagged during login into its own page.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the final 404s: old WordPress addresses → 301 (never over a live page).
    "wordpress.middleware.LegacyRedirectMiddleware",
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
if env("TEST_DATABASE_NAME"):
    # Lets several checkouts run their PostgreSQL suites side by side.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its client objects (see the module).
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Pages and their tag versions share it; the default 300 culls too early.
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_CACHE_ENTRIES", 5000)},
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
# Django does not know Pashto is written right to left.
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "ps"]
LOCALE_PATHS = [BASE_DIR / "locale"]
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

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
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
}

# --- Newsroom ---------------------------------------------------------------
NEWSROOM_SITE_NAME = env("SITE_NAME", "Kabul Analysis Desk")
# The default tagline is translated; one set in the environment is shown as it is.
NEWSROOM_SITE_TAGLINE = env("SITE_TAGLINE") or _("Reporting and analysis on Afghanistan and its region")
NEWSROOM_PAGE_SIZE = env_int("PAGE_SIZE", 12)
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

# Page cache for anonymous readers (newsroom/pagecache.py, articles/invalidation.py).
PAGECACHE_ENABLED = env_bool("PAGECACHE", True)
# Parts of pages shared by every visitor (article body, replies thread): staff,
# readers with state of their own and page-cache misses skip their rendering.
PAGECACHE_FRAGMENTS = env_bool("PAGECACHE_FRAGMENTS", True)
PAGECACHE_TIMEOUT = env_int("PAGECACHE_TIMEOUT", 3600)  # seconds a page is kept at most
PAGECACHE_MAX_AGE = env_int("PAGECACHE_MAX_AGE", 60)  # max-age / s-maxage for browsers and a CDN
PAGECACHE_STALE_WHILE_REVALIDATE = env_int("PAGECACHE_STALE_WHILE_REVALIDATE", 30)
PAGECACHE_LOCAL_ENTRIES = env_int("PAGECACHE_LOCAL_ENTRIES", 64)  # per-process copies, checked on each hit
PAGECACHE_CLOCK_SKEW = float(env("PAGECACHE_CLOCK_SKEW", "1.0"))  # seconds between app servers' clocks
# Cookies that make a page this reader's own (added to session and messages).
PAGECACHE_BYPASS_COOKIES = env_list("PAGECACHE_BYPASS_COOKIES")
# A reader's own pending replies and saved details (comments/readers.py) make the page theirs.
PAGECACHE_BYPASS_COOKIES += ["replies_mine", "reply_author"]

# Replies (comments app, SPEC §4).
NEWSROOM_REPLY_DEPTH = env_int("REPLY_DEPTH", 3)  # levels of threading, 1 = flat
NEWSROOM_REPLY_CLOSE_AFTER_DAYS = env_int("REPLY_CLOSE_AFTER_DAYS", 30)  # 0 = never close by age
NEWSROOM_REPLY_FLOOD_SECONDS = env_int("REPLY_FLOOD_SECONDS", 15)  # per IP and per email
NEWSROOM_REPLY_MIN_SECONDS = env_int("REPLY_MIN_SECONDS", 3)  # faster than this is a bot
NEWSROOM_REPLY_MAX_LINKS = env_int("REPLY_MAX_LINKS", 2)  # more links than this → held
NEWSROOM_REPLY_MAX_LENGTH = env_int("REPLY_MAX_LENGTH", 5000)  # characters in a comment
NEWSROOM_REPLY_APPROVE_KNOWN_EMAIL = env_bool("REPLY_APPROVE_KNOWN_EMAIL", True)
NEWSROOM_REPLY_NOTIFY_MODERATORS = env_bool("REPLY_NOTIFY_MODERATORS", True)

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
# Replies keep the sender's IP address this many days (manage.py purge_reply_ips, daily).
NEWSROOM_REPLY_IP_RETENTION_DAYS = env_int("REPLY_IP_RETENTION_DAYS", 30)
# Feeds: how many articles, and the whole body (True) or only the dek (False).
NEWSROOM_FEED_ITEMS = env_int("FEED_ITEMS", 30)
NEWSROOM_FEED_FULL_TEXT = env_bool("FEED_FULL_TEXT", True)
# URLs per sitemap page; past this, /sitemap.xml becomes an index of pages.
NEWSROOM_SITEMAP_LIMIT = env_int("SITEMAP_LIMIT", 5000)
