"""What a reader's browser remembers: their own replies and, with consent, their details.

Both are signed cookies, so nothing is kept on the server for anonymous
readers and the values cannot be forged to reveal someone else's pending reply.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

from .models import Reply

OWN_COOKIE = "replies_mine"
OWN_SALT = "comments.own-replies"
OWN_MAX = 20
DETAILS_COOKIE = "reply_author"
DETAILS_SALT = "comments.author-details"
YEAR = 365 * 24 * 3600


def own_reply_ids(request: HttpRequest) -> list[int]:
    raw = request.get_signed_cookie(OWN_COOKIE, default="", salt=OWN_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_reply(request: HttpRequest, response: HttpResponse, reply: Reply) -> None:
    ids = [pk for pk in own_reply_ids(request) if pk != reply.pk] + [reply.pk]
    response.set_signed_cookie(
        OWN_COOKIE,
        ",".join(str(pk) for pk in ids[-OWN_MAX:]),
        salt=OWN_SALT,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def saved_details(request: HttpRequest) -> dict[str, str]:
    raw = request.get_signed_cookie(DETAILS_COOKIE, default="", salt=DETAILS_SALT)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict) or not data:
        return {}
    return {key: str(data.get(key, ""))[:200] for key in ("name", "email", "url")}


def save_details(request: HttpRequest, response: HttpResponse, cleaned: dict) -> None:
    """Only called when the reader ticked the consent box."""
    data = json.dumps({key: cleaned.get(key, "") for key in ("name", "email", "url")})
    response.set_signed_cookie(
        DETAILS_COOKIE,
        data,
        salt=DETAILS_SALT,
        max_age=YEAR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def forget_details(response: HttpResponse) -> None:
    response.delete_cookie(DETAILS_COOKIE, samesite="Lax")
