"""Autosave and presence on the article edit page.

An autosave is the writer's own safety net: the form as it was a few seconds
ago, kept per user and article, offered back when the article is opened
again. Presence is a heartbeat: each open edit page says "still here" every
``NEWSROOM_PRESENCE_SECONDS``; whoever was heard from within two beats is
shown to the others, as WordPress's post lock notice does.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from .models import Autosave, Presence

MAX_AUTOSAVE_BYTES = 2_000_000
# Never kept: the CSRF token and the buttons.
SKIPPED_FIELDS = {"csrfmiddlewaretoken", "_workflow", "_autosave_key"}


def clean_form_data(data: dict) -> dict[str, str | list[str]]:
    """Keep string values (or lists of strings) of the form's fields, nothing else."""
    kept: dict[str, str | list[str]] = {}
    for name, value in data.items():
        if not isinstance(name, str) or name in SKIPPED_FIELDS or len(name) > 200:
            continue
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(i, str) for i in value)):
            kept[name] = value
    return kept


def keep(user, article: Article | None, draft_key: str, data: dict, edit_token: str) -> Autosave:
    now = timezone.now()
    defaults = {"data": clean_form_data(data), "edit_token": edit_token[:20], "saved_at": now}
    if article is not None:
        autosave, _created = Autosave.objects.update_or_create(user=user, article=article, defaults=defaults)
    else:
        autosave, _created = Autosave.objects.update_or_create(
            user=user, article=None, draft_key=draft_key[:40], defaults=defaults
        )
    return autosave


def shown_choices(form, data: dict) -> dict[str, dict[str, dict[str, str]]]:
    """How the page shows each object an autosave chose: by field, then id, its label (and a
    thumbnail for a picture). Autocomplete selects and the image chooser hold only what is
    chosen now, so restoring a category or a featured image chosen since needs these."""
    shown = {}
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        value = data.get(name)
        values = [v for v in ([value] if isinstance(value, str) else value or []) if v.isdigit()]
        if queryset is None or not values:
            continue
        shown[name] = {
            str(obj.pk): {"text": field.label_from_instance(obj), "thumb": getattr(obj, "thumbnail_url", "")}
            for obj in queryset.filter(pk__in=values)
        }
    return shown


def offered(user, article: Article | None) -> Autosave | None:
    """The autosave to offer when ``user`` opens ``article`` (or a new article form)."""
    if article is not None and article.pk:
        return Autosave.objects.filter(user=user, article=article).first()
    return Autosave.objects.filter(user=user, article__isnull=True).order_by("-saved_at").first()


def discard(user, article: Article | None, draft_key: str = "") -> None:
    if article is not None:
        Autosave.objects.filter(user=user, article=article).delete()
    elif draft_key:
        Autosave.objects.filter(user=user, article__isnull=True, draft_key=draft_key).delete()


# --- presence ----------------------------------------------------------------------


def _fresh_since(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=2 * settings.NEWSROOM_PRESENCE_SECONDS)


def here(user, article: Article) -> None:
    Presence.objects.update_or_create(user=user, article=article, defaults={"seen_at": timezone.now()})


def left(user, article: Article) -> None:
    Presence.objects.filter(user=user, article=article).delete()


def others(user, article: Article) -> list[str]:
    """Names of the other people who have ``article``'s edit page open now."""
    now = timezone.now()
    present = (
        Presence.objects.filter(article=article, seen_at__gte=_fresh_since(now))
        .exclude(user=user)
        .select_related("user")
        .order_by("seen_at")
    )
    return [p.user.get_full_name() or p.user.get_username() for p in present]


def others_message(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return _("%(name)s is also editing this article right now.") % {"name": names[0]}
    return _("%(names)s are also editing this article right now.") % {"names": ", ".join(names)}
