"""Newsroom settings, read from environment variables.

Development defaults are safe and need nothing set; production sets at least
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see .env.example).
"""

import os
import sys
from pathlib import Path

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
    "taggit",
    "reversion",
    "django_prose_editor",
    "articles",
    "comments",
    "wordpress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
STATIC_ROOT = BASE_DIR / "staticfiles"
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

# Page cache for anonymous readers (newsroom/pagecache.py, articles/invalidation.py).
PAGECACHE_ENABLED = env_bool("PAGECACHE", True)
PAGECACHE_TIMEOUT = env_int("PAGECACHE_TIMEOUT", 3600)  # seconds a page is kept at most
PAGECACHE_MAX_AGE = env_int("PAGECACHE_MAX_AGE", 60)  # max-age / s-maxage for browsers and a CDN
PAGECACHE_STALE_WHILE_REVALIDATE = env_int("PAGECACHE_STALE_WHILE_REVALIDATE", 30)
PAGECACHE_CLOCK_SKEW = float(env("PAGECACHE_CLOCK_SKEW", "1.0"))  # seconds between app servers' clocks
# Cookies that make a page this reader's own (added to session and messages).
PAGECACHE_BYPASS_COOKIES = env_list("PAGECACHE_BYPASS_COOKIES")
# bench/bench.py: serve the constant-response floor view at /_bench/floor/.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)
