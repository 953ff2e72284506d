"""Production settings: `check --deploy` is clean and the secure switches follow the environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_COOKIES": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}
SWITCHES = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "EMAIL_BACKEND",
]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment, as on a server: nothing from this test run leaks in.
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**overrides: str) -> dict:
    env = {k: v for k, v in {**PRODUCTION_ENV, **overrides}.items() if v is not None}
    code = (
        "from django.conf import settings; import json;"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {SWITCHES!r}}}))"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_zero_warnings_under_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNINGS" not in output


def test_check_deploy_notices_a_switched_off_ssl_redirect():
    """The test above can fail: a weakened setting is reported."""
    result = run_manage("check", "--deploy", env={**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "0"})
    assert "security.W008" in result.stdout + result.stderr


def test_secure_switches_are_on_by_default_when_debug_is_off():
    unset = dict.fromkeys(PRODUCTION_ENV.keys() - {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"})
    assert production_settings(**unset) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
        # Never the console: it would print commenters' names, emails and IPs into the log.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }


def test_secure_switches_are_off_in_development():
    values = production_settings(DEBUG="1", **dict.fromkeys(PRODUCTION_ENV.keys() - {"DEBUG", "SECRET_KEY"}))
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_each_switch_can_be_turned_off_from_the_environment():
    values = production_settings(SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_proxy_ssl_header_is_trusted_only_when_switched_on():
    assert production_settings(SECURE_PROXY_SSL_HEADER="1")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


@pytest.mark.parametrize(
    "backend",
    [
        None,
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ],
)
def test_check_deploy_warns_when_email_is_not_configured(backend):
    result = run_manage("check", "--deploy", env={**PRODUCTION_ENV, "EMAIL_BACKEND": backend or ""})
    output = result.stdout + result.stderr
    assert "newsroom.W001" in output
    assert "EMAIL_BACKEND" in output


def test_development_keeps_the_console_backend():
    values = production_settings(DEBUG="1", EMAIL_BACKEND=None)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DEBUG": "0", "SECRET_KEY": "", "ALLOWED_HOSTS": "x"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(("forwarded_proto", "redirected"), [("https", False), ("http", True), (None, True)])
def test_behind_a_tls_proxy_only_plain_http_is_redirected(client, settings, db, forwarded_proto, redirected):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    headers = {"X-Forwarded-Proto": forwarded_proto} if forwarded_proto else {}
    response = client.get("/", headers=headers)
    assert (response.status_code == 301) is redirected
    if redirected:
        assert response["Location"].startswith("https://")
