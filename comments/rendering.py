"""The replies thread as HTML, built in Python.

A busy article carries hundreds of replies. Through the template engine each
one went through a recursive include, ``urlize`` and two ``date`` filters, so
the thread dominated an uncached article page. Here a reply is a few escaped
strings joined together: the same markup in a fraction of the time (measured
in bench/README.md). Every value from a reader goes through ``escape()`` (the standard
library's, which Django's own wraps); the only markup added is the links,
whose addresses must start with http(s):// or www.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from urllib.parse import urlsplit, urlunsplit

from django.utils import timezone
from django.utils.dateformat import DateFormat, re_formatchars
from django.utils.encoding import iri_to_uri
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from newsroom import calendars

from .models import Reply, ThreadNode

# A web address as readers type it; what follows it is trimmed below.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than an address (Latin and Arabic script).
_TRAILING = ".,:;!?'\u060c\u061b\u061f\u06d4"
_PAIRS = {")": "(", "]": "["}
_PARAGRAPHS = re.compile(r"\n{2,}")


def _trim(address: str) -> str:
    """Drop trailing punctuation and closing brackets that the address did not open."""
    while address:
        last = address[-1]
        unopened = last in _PAIRS and address.count(last) > address.count(_PAIRS[last])
        if last in _TRAILING or unopened:
            address = address[:-1]
        else:
            break
    return address


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?"
)
_IPV6 = re.compile(r"[0-9A-Fa-f:.]+")


def safe_href(address: str) -> str | None:
    """``address`` as a valid link target (IDNA host, the rest percent-encoded), or None.

    A reader's text may hold characters a URL cannot carry (a backtick, braces,
    a stray %): encoded here, so the page stays valid HTML whatever was typed.
    """
    try:
        parts = urlsplit(_LONE_PERCENT.sub("%25", address))
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
            return None  # no link for user:password@ addresses (a phishing trick)
        port = parts.port  # ValueError when out of range
        host = parts.hostname.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    if ":" in host:  # an IPv6 literal: hostname gives it without its brackets
        if not _IPV6.fullmatch(host):
            return None
        host = f"[{host}]"
    elif not _HOST.fullmatch(host):
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, *(iri_to_uri(part) for part in parts[2:])))


def _linked(text: str) -> str:
    """Escaped ``text`` with its web addresses as nofollow links."""
    if "://" not in text and "www." not in text.lower():
        return escape(text)  # most replies: no address to look for
    parts, position = [], 0
    for match in _ADDRESS.finditer(text):
        address = _trim(match.group())
        if not address:
            continue
        href = safe_href(address if "://" in address else f"http://{address}")
        if href is None:
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(f'<a href="{escape(href)}" rel="nofollow ugc">{escape(address)}</a>')
        position = match.start() + len(address)
    parts.append(escape(text[position:]))
    return "".join(parts)


def body_html(text: str) -> SafeString:
    """Paragraphs on blank lines, line breaks on single ones, addresses as links."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    paragraphs = _PARAGRAPHS.split(text) if text else []
    return mark_safe("\n\n".join(f"<p>{_linked(p).replace(chr(10), '<br>')}</p>" for p in paragraphs))


class _Timestamps:
    """A localized date format applied to many times: each day's part is worked out once.

    ``DateFormat`` parses the format and looks up translated month names on
    every call, which made the two hundred timestamps of a busy thread cost
    more than the rest of it. The time of day ("5:04 p.m.") depends on the
    hour and minute only: each is worked out once per process and language.
    """

    DAY_CHARS = frozenset("bdDEFjlLmMnNoStwWyYz")
    TIME_CHARS = frozenset("aAfgGhHiP")
    # (language, time characters, hour, minute) -> their text; at most 1,440 per language and format.
    times: dict = {}

    def __init__(self, format_string: str):
        # Odd items are format characters, even ones literal text (backslash escapes removed).
        self.pieces = [
            (piece, True) if index % 2 else (piece.replace("\\", ""), False)
            for index, piece in enumerate(re_formatchars.split(format_string))
        ]
        chars = {piece for piece, is_format in self.pieces if is_format and piece in self.TIME_CHARS}
        self.time_chars = tuple(sorted(chars))
        self.days: dict = {}

    def __call__(self, value) -> str:
        formatter = None
        day = self.days.get(value.date())
        if day is None:
            formatter = DateFormat(value)
            day = self.days[value.date()] = {
                char: str(getattr(formatter, char)())
                for char, is_format in self.pieces
                if is_format and char in self.DAY_CHARS
            }
        key = (get_language(), self.time_chars, value.hour, value.minute)
        time = self.times.get(key)
        if time is None:
            formatter = formatter or DateFormat(value)
            time = {char: str(getattr(formatter, char)()) for char in self.time_chars}
            if len(self.times) > 20_000:  # formats and languages are few; a bound all the same
                self.times.clear()
            self.times[key] = time
        parts = []
        for piece, is_format in self.pieces:
            if not is_format:
                parts.append(piece)
            elif piece in day:
                parts.append(day[piece])
            elif piece in time:
                parts.append(time[piece])
            else:
                formatter = formatter or DateFormat(value)
                parts.append(str(getattr(formatter, piece)()))
        return "".join(parts)


class ThreadRenderer:
    """Renders nested :class:`ThreadNode` lists; one instance per page, translations looked up once."""

    def __init__(self, *, is_open: bool, max_depth: int):
        self.is_open = is_open
        self.max_depth = max_depth
        self.timestamp = calendars.Timestamps(_Timestamps(get_format("DATETIME_FORMAT")))
        self.awaiting = escape(gettext("Your comment is awaiting moderation."))
        self.reply_label = escape(gettext("Reply"))
        self.reply_to = gettext("Reply to %(name)s")

    def render(self, nodes: Iterable[ThreadNode]) -> SafeString:
        parts: list[str] = []
        self._list(nodes, parts, children=False)
        return mark_safe("".join(parts))

    def _list(self, nodes: Iterable[ThreadNode], parts: list[str], *, children: bool) -> None:
        parts.append(f'<ol class="reply-list{" reply-list--children" if children else ""}">')
        for node in nodes:
            self._item(node, parts)
        parts.append("</ol>")

    def _item(self, node: ThreadNode, parts: list[str]) -> None:
        # Lean markup (CSS reaches the parts through .reply): this repeats for
        # every reply, and a busy thread's size is most of the page's cost on a
        # cache hit.
        reply = node.reply
        anchor = f"reply-{reply.pk}"
        name = escape(reply.name)
        href = safe_href(reply.url) if reply.url else None
        if href:
            name = f'<a href="{escape(href)}" rel="ugc nofollow noopener">{name}</a>'
        pending = reply.status == Reply.Status.PENDING
        posted = timezone.localtime(reply.created_at)
        parts += [
            f'<li class="reply{" reply--pending" if pending else ""}" id="{anchor}">',
            f'<article aria-labelledby="{anchor}-by"><header><b id="{anchor}-by" dir="auto">{name}</b> ',
            f'<a href="#{anchor}"><time datetime="{posted.isoformat(timespec="seconds")}">',
            f"{escape(self.timestamp(posted))}</time></a></header>",
        ]
        if pending:
            parts.append(f'<p class="reply__pending" role="status">{self.awaiting}</p>')
        parts.append(f'<div dir="auto">{body_html(reply.body)}</div>')
        if self.is_open and reply.status == Reply.Status.APPROVED and node.depth < self.max_depth:
            label = escape(self.reply_to % {"name": reply.name})
            parts.append(
                f'<p class="reply__actions"><a rel="nofollow" href="?replytocom={reply.pk}#respond"'
                f' aria-label="{label}">{self.reply_label}</a></p>'
            )
        parts.append("</article>")
        if node.children:
            self._list(node.children, parts, children=True)
        parts.append("</li>")
