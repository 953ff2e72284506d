"""Post the hostile-strings corpus through the reply form and approve what was stored."""

from __future__ import annotations

import datetime
import unicodedata

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.forms import sign_start
from comments.models import Reply

from .hostile_strings import corpus


def _forbidden(char: str) -> bool:
    """C0 controls (tab and line breaks aside), DEL, C1 controls and noncharacters."""
    code = ord(char)
    return (
        (code < 0x20 and char not in "\t\n\r")
        or 0x7F <= code <= 0x9F
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


def forbidden_characters(text: str) -> list[str]:
    """What must never reach a page, each named by its code point ("U+202E")."""
    return sorted({f"U+{ord(char):04X}" for char in text if _forbidden(char)})


def post_corpus(article, moderator, *, entries=None) -> dict[str, int]:
    """Send every entry as the name, the website and the comment; approve what was stored.

    Returns counts of stored and refused posts. A refused post must be a form
    with a message, never a server error.
    """
    client = Client()
    url = reverse("comments:post", args=[article.pk])
    counts = {"stored": 0, "refused": 0}
    started = sign_start(article, timezone.now() - datetime.timedelta(minutes=5))
    for number, (label, text) in enumerate(entries if entries is not None else corpus()):
        for field in ("name", "url", "body"):
            data = {
                "name": f"Reader {number}",
                "email": f"reader{number}-{field}@readers.example",
                "url": "",
                "body": f"Reply {number} ({field}).",
                "parent": "",
                "fax": "",
                "started": started,
            }
            data[field] = text
            before = Reply.objects.count()
            response = client.post(url, data, REMOTE_ADDR=f"198.51.{number % 250}.{1 + len(field)}")
            assert response.status_code < 500, (label, field, response.status_code)
            if Reply.objects.count() > before:
                counts["stored"] += 1
            else:
                assert response.status_code in (200, 400, 403, 409, 429), (label, field)
                counts["refused"] += 1
    held = list(Reply.objects.filter(article=article).exclude(status=Reply.Status.APPROVED))
    moderation.moderate(held, Reply.Status.APPROVED, moderator)
    return counts


def stored_text_is_clean() -> list[str]:
    """Problems in what was stored: controls, noncharacters, text not in NFC."""
    problems = []
    for reply in Reply.objects.all():
        for field in ("name", "url", "body"):
            value = getattr(reply, field)
            if forbidden_characters(value):
                problems.append(f"reply {reply.pk} {field}: {forbidden_characters(value)}")
            if unicodedata.normalize("NFC", value) != value:
                problems.append(f"reply {reply.pk} {field}: not NFC")
    return problems
