"""System checks for a production configuration (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends that keep mail on this server: its log, its disk or its memory.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@register(Tags.security, deploy=True)
def email_configured(app_configs, **kwargs):
    """Moderators' notifications carry commenters' names, emails and IPs: they must leave by mail."""
    if settings.DEBUG:
        return []
    if not settings.EMAIL_BACKEND_CONFIGURED or settings.EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS:
        return [
            Warning(
                "EMAIL_BACKEND is not set to a backend that sends mail.",
                hint=(
                    "Set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) and "
                    "EMAIL_HOST; the console, file and memory backends would keep moderators' "
                    "notifications, with commenters' personal data, in the server's log or disk."
                ),
                id="newsroom.W001",
            )
        ]
    return []
