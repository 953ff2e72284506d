"""Emails to staff, each written in its recipient's language.

The language is the one a staff member last signed in with (remembered at
sign-in, ``StaffLanguage``); someone never seen gets the site's default. A
message is built once per language and, where its wording depends on the
recipient (a link only some may use), once per such group.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.mail import EmailMessage
from django.dispatch import receiver
from django.utils import translation

from .models import StaffLanguage

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="newsroom_staff_language")
def _remember_language(sender, request, user, **kwargs):
    language = getattr(request, "LANGUAGE_CODE", None) if request is not None else None
    if user.is_staff and language in dict(settings.LANGUAGES):
        StaffLanguage.objects.update_or_create(user=user, defaults={"language": language})


def send_to(
    users: Iterable,
    build: Callable[[Hashable], tuple[str, list[str]]],
    group: Callable[[object], Hashable] = lambda user: None,
) -> None:
    """Email ``users`` (bcc), ``build(group(user))`` giving the subject and lines, run in each
    recipient's language. Errors are logged, never raised: the action that sent it is done."""
    users = [user for user in users if user.email]
    languages = dict(StaffLanguage.objects.filter(user__in=users).values_list("user_id", "language"))
    batches: dict[tuple[str, Hashable], list[str]] = defaultdict(list)
    for user in users:
        language = languages.get(user.pk, settings.LANGUAGE_CODE)
        batches[language, group(user)].append(user.email)
    for (language, key), emails in batches.items():
        with translation.override(language):
            subject, lines = build(key)
        try:
            EmailMessage(subject, "\n".join(lines), bcc=sorted(set(emails))).send()
        except Exception:
            logger.exception("Could not send “%s”", subject)
