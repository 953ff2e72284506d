"""Whole-page cache for anonymous readers, invalidated exactly by tags.

While a page renders, the view and its template tags *record* the tags its
content depends on ("article:12", "published:category:3", "menu"). The cached
entry keeps the version each tag had. An event *bumps* the tags it changes;
an entry is served only while every recorded version is still current. Every
bump also moves one site-wide version, the epoch, and announces it: while a
process has heard nothing, its own copies of entries are current and a hit
costs no round trip (``_EpochWatch``); otherwise one ``get`` for the entry and
one ``get_many`` for its tags.

Parts of pages shared by every visitor (``fragment()``) are kept and checked
the same way; the tags a part recorded are recorded into each page using it.

Two rules close the races a shared cache has:
- a version carries the time of its bump; a page whose tags were bumped after
  its rendering started is not stored (it may have read the old rows), and a
  bump made inside a transaction is repeated when it commits;
- an entry never outlives the ``expires`` moment its caller gives (for the
  newsroom, the next scheduled publish time: that change has no event).

Never cached: anything but GET/HEAD, requests carrying a cookie that changes
the page (session, messages, ``PAGECACHE_BYPASS_COOKIES``), responses that are
not 200, set cookies, or say ``private``. The CSRF token in a cached form is
replaced by a fresh one for each reader.

Views store pages (``serve()``); ``PageCacheMiddleware`` answers the pages this
process served lately before URL resolution and the view run.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import html
import os
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_vary_headers,
)
from django.utils.http import parse_http_date_safe
from django.utils.safestring import SafeString, mark_safe

from newsroom import edge

# The version changes with the layout of a stored entry, so a deploy never reads an old one.
PAGE_PREFIX = "pagecache:page:v4:"
TAG_PREFIX = "pagecache:tag:"
MEMO_PREFIX = "pagecache:memo:"
FRAGMENT_PREFIX = "pagecache:fragment:v1:"
# Changes with every bump: while it has not moved, no entry went stale. Part of
# every read of tag versions, so both are one snapshot.
EPOCH_KEY = "pagecache:epoch"
CSRF_PLACEHOLDER = b"__pagecache_csrf_token__"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# Headers the middleware sets again on every response; not stored.
NOT_STORED_HEADERS = {"cache-control", "expires", "set-cookie", "x-page-cache", "content-length"}


# Hidden form fields whose value is made per reader (e.g. a signed "form shown
# at" time), refreshed on every hit: name -> function(request, stored value).
_fresh_fields: dict[str, Callable[[HttpRequest, str], str]] = {}


def refresh_field(name: str, make: Callable[[HttpRequest, str], str]) -> None:
    """Give the form field ``name`` of a cached page a value made for this request."""
    _fresh_fields[name] = make


def _cache():
    return caches[getattr(settings, "PAGECACHE_ALIAS", "default")]


def _up(cache) -> bool:
    """False while Redis is away (newsroom/redis_cache.py); other caches are always here."""
    available = getattr(cache, "available", None)
    return available is None or available()


# Recorded by every entry: bumped when Redis comes back, since bumps made while
# it was away were lost.
EVERYTHING = "everything"
_outages_seen = [0]


def _after_outage(cache) -> bool:
    """Whether Redis came back since this process last looked; if so, nothing kept before counts."""
    recoveries = getattr(cache, "recoveries", 0)
    if recoveries == _outages_seen[0]:
        return False
    _outages_seen[0] = recoveries
    _local.clear()
    _watch.known = None
    _store_versions([EVERYTHING])
    return True


# --- recording and bumping tags ---------------------------------------------------


def record(request: HttpRequest, *tags: str) -> None:
    """Note that the page being rendered for ``request`` shows what ``tags`` name."""
    found = getattr(request, "_pagecache_tags", None)
    if found is not None:
        found.update(tags)


def tag(obj, pk=None) -> str:
    """The tag of an object's own content (``article:12``): pages showing it record it."""
    return f"{obj._meta.model_name}:{obj.pk if pk is None else pk}"


def list_tag(model, scope=None) -> str:
    """The tag of a set of ``model``'s objects (``published``, ``published:category:3``)."""
    name = model.cache_list_tag
    return name if scope is None else f"{name}:{scope if isinstance(scope, str) else tag(scope)}"


def shows(request: HttpRequest, *objects) -> None:
    """Record that the page shows ``objects`` (and what each shows with it: ``shown_with()``)."""
    for obj in objects:
        record(request, tag(obj), *[tag(other) for other in getattr(obj, "shown_with", list)()])


def lists(request: HttpRequest, model, *scopes) -> None:
    """Record that the page lists ``model``'s objects in ``scopes`` (none: the whole set)."""
    record(request, *[list_tag(model, scope) for scope in scopes or [None]])


# What a change to an object makes stale: its model's cache_tags(), or one
# declared for a model that is not ours (taggit's).
_declared: dict[type, Callable[[object], list[str]]] = {}


def declare(model: type, cache_tags: Callable[[object], list[str]]) -> None:
    _declared[model] = cache_tags


def cache_tags(obj) -> list[str] | None:
    """What a change to ``obj`` makes stale; None for a model that declares nothing."""
    method = _declared.get(type(obj)) or getattr(type(obj), "cache_tags", None)
    return None if method is None else method(obj)


@receiver(pre_save)
def _before_save(sender, instance, **kwargs):
    if instance.pk is not None and (sender in _declared or hasattr(sender, "cache_tags")):
        before = sender._base_manager.filter(pk=instance.pk).first()
        instance._cache_tags_before = cache_tags(before) if before is not None else []


@receiver(post_save)
def _after_save(sender, instance, **kwargs):
    tags = cache_tags(instance)
    if tags is not None:
        bump(*vars(instance).pop("_cache_tags_before", []), *tags)


@receiver(pre_delete)
def _deleting(sender, instance, **kwargs):
    bump(*(cache_tags(instance) or []))


@receiver(m2m_changed)
def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Before and after a many-to-many change: the tags of the objects on the side declaring them."""
    if action.split("_")[0] not in ("pre", "post"):
        return
    objects = [instance]
    if reverse:  # category.articles.add(...): each article's tags
        field = next((f for f in model._meta.many_to_many if f.remote_field.through is sender), None)
        found = model._base_manager.filter(pk__in=pk_set) if pk_set else None
        if pk_set is None and field is not None:
            found = model._base_manager.filter(**{field.name: instance})
        objects = list(found) if found is not None else []
    bump(*[t for obj in objects for t in (cache_tags(obj) or [])])


def expire_at(request: HttpRequest, moment: datetime.datetime | None) -> None:
    """The page being rendered changes by itself at ``moment`` (e.g. replies close)."""
    if moment is not None and getattr(request, "_pagecache_tags", None) is not None:
        request._pagecache_until = min(getattr(request, "_pagecache_until", moment), moment)


def bump(*tags: str) -> None:
    """Mark ``tags`` changed: every cached page that recorded one is stale now.

    Bumped at once (so this process's next request already misses) and, inside a
    transaction, again on commit, when other processes can read the new rows.
    """
    tags = tuple(dict.fromkeys(tag for tag in tags if tag))
    if not tags:
        return
    _store_versions(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: (_store_versions(tags), edge.purge(tags)))
    else:
        edge.purge(tags)


def _new_version() -> str:
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


def _seed_missing(cache, tag_keys: list[str], found: dict) -> list[str]:
    """Start the tags ``found`` lacks at time zero; those are returned.

    A tag never bumped (or evicted) has no version yet; add() lets a
    concurrent bump win. What read them is stored next time, once all are known.
    """
    missing = [tag_key for tag_key in tag_keys if tag_key not in found]
    for tag_key in missing:
        cache.add(tag_key, f"0:{secrets.token_hex(4)}", timeout=None)
    if TAG_PREFIX + EVERYTHING in missing:  # no page shows "everything": known once started
        found.update(cache.get_many([TAG_PREFIX + EVERYTHING]))
    return [tag_key for tag_key in missing if tag_key not in found]


def _version_time(version: str) -> float:
    return float(version.split(":", 1)[0])


def _store_versions(tags: Iterable[str]) -> None:
    cache = _cache()
    cache.set_many({TAG_PREFIX + tag: _new_version() for tag in tags}, timeout=None)
    # After the tags: a reader that saw the old epoch reads the new tags or is
    # sent to them by the new epoch on its next request.
    epoch = _new_version()
    cache.set(EPOCH_KEY, epoch, timeout=None)
    if hasattr(cache, "publish"):
        cache.publish(EPOCH_KEY, epoch)  # to every process's _EpochWatch


class _EpochWatch:
    """The shared epoch as this process knows it, read again only when a bump is announced.

    A hit on a local copy needs the current epoch. Reading it costs a round
    trip to Redis, which on a busy article was a quarter of a hit's time. So
    each process subscribes to the epoch's channel, reads the epoch once, and
    then only looks at its subscription socket (a non-blocking read, no round
    trip): any message means a bump happened, and the epoch is read again.
    Redis queues the message to every subscriber while it runs the bump's
    PUBLISH, before the bumping process hears back; so a request that starts
    after a bump has finished finds the message waiting. A lost connection
    (or its reconnection) forgets the epoch; without a subscription (a cache
    without publish/subscribe, or Redis refusing it) every hit reads it.
    """

    RETRY_SECONDS = 5.0
    # A half-open subscription hears nothing: the epoch is read again this often anyway.
    TRUST_SECONDS = 1.0

    def __init__(self):
        self.pid = None
        self.pubsub = None
        self.known = None
        self.read_at = 0.0
        self.retry_at = 0.0

    def epoch(self, cache) -> str | None:
        if not _up(cache):
            return None  # Redis is away: no copy is known to be current
        if not self._listening(cache):
            return cache.get(EPOCH_KEY)
        try:
            while (message := self.pubsub.get_message(timeout=0.0)) is not None:
                if message["type"] == "message":
                    self.known = None  # a bump: read the new epoch below
        except Exception:  # the connection: read the epoch until subscribed again
            self._stop()
            return cache.get(EPOCH_KEY)
        if self.known is None or time.monotonic() - self.read_at > self.TRUST_SECONDS:
            self.known, self.read_at = cache.get(EPOCH_KEY), time.monotonic()
        return self.known

    def _listening(self, cache) -> bool:
        if self.pubsub is not None and self.pid == os.getpid():
            return True
        if not hasattr(cache, "subscribe") or time.monotonic() < self.retry_at:
            return False
        self.pid, self.pubsub, self.known = os.getpid(), None, None  # a forked worker starts afresh
        try:
            pubsub = cache.subscribe(EPOCH_KEY)
            # The epoch read next is current only once the subscription is.
            confirmed = pubsub.get_message(timeout=0.25)
            if confirmed is None or confirmed["type"] != "subscribe":
                raise ConnectionError("no subscription")
            pubsub.connection.register_connect_callback(self._reconnected)
        except Exception:
            self._stop()
            return False
        self.pubsub = pubsub
        return True

    def _reconnected(self, connection) -> None:
        self.known = None  # bumps made while it was away were not heard

    def _stop(self) -> None:
        self.pubsub, self.known = None, None
        self.retry_at = time.monotonic() + self.RETRY_SECONDS


_watch = _EpochWatch()


@receiver(setting_changed)
def _cache_replaced(setting, **kwargs):
    """Another cache (in tests): what this process knew of the old one is no longer true."""
    if setting in ("CACHES", "PAGECACHE_ALIAS"):
        if _watch.pubsub is not None:
            _watch.pubsub.close()
        _watch.__init__()
        _local.clear()
        _outages_seen[0] = 0


def _text_size(value) -> int:
    """Bytes of text held by ``value`` (nested dicts, lists and tuples of str and bytes)."""
    if isinstance(value, (bytes, str)):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_size(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_text_size(item) for item in value)
    return 0


class _LocalCopies:
    """This process's copies of recently served entries, to spare the network a page.

    Never trusted alone: a copy is served only after the shared tag versions
    (or the unchanged epoch) say it is current, so it holds no state of its own.
    Bounded by count and by size: a page copy also keeps the page as last sent
    and its gzip (``_body``), so it counts for twice its text and a quarter
    more; an article with 200 replies is a few hundred kilobytes.
    """

    def __init__(self):
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.sizes: dict[str, int] = {}

    @property
    def size(self) -> int:
        return sum(self.sizes.values())

    def get(self, key: str) -> dict | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: dict) -> None:
        size = _text_size(entry.get("parts")) * 9 // 4 + _text_size(entry.get("value"))
        if size > settings.PAGECACHE_LOCAL_BYTES:
            self.drop(key)
            return
        self.entries[key] = entry
        self.sizes[key] = size
        self.entries.move_to_end(key)
        total = sum(self.sizes.values())
        while len(self.entries) > settings.PAGECACHE_LOCAL_ENTRIES or total > settings.PAGECACHE_LOCAL_BYTES:
            oldest, _entry = self.entries.popitem(last=False)
            total -= self.sizes.pop(oldest, 0)

    def drop(self, key: str) -> None:
        self.entries.pop(key, None)
        self.sizes.pop(key, None)

    def clear(self) -> None:
        self.entries.clear()
        self.sizes.clear()


_local = _LocalCopies()


def remember(name: str, tags: Iterable[str], compute: Callable[[], object], stale=lambda value: False):
    """``compute()``'s value, shared by every process while ``tags`` keep their versions.

    For a lookup that every page rendering would otherwise repeat. The versions
    are read before computing, so a bump during the computation leaves the
    stored value stale at once. ``stale(value)`` may retire a value early (one
    that names a moment now past).
    """
    cache = _cache()
    key = MEMO_PREFIX + name
    tag_keys = sorted(TAG_PREFIX + tag for tag in {*tags, EVERYTHING})
    _after_outage(cache)
    found = cache.get_many([key, *tag_keys])
    stored = found.pop(key, None)
    if stored is not None and stored["tags"] == found and not stale(stored["value"]):
        return stored["value"]
    # Tags never bumped are started before computing, so the first value is kept
    # (a bump during the computation still leaves it stale at once).
    if _seed_missing(cache, tag_keys, found):
        found.update(cache.get_many([tag_key for tag_key in tag_keys if tag_key not in found]))
    value = compute()
    if len(found) == len(tag_keys):
        cache.set(key, {"tags": found, "value": value}, timeout=settings.PAGECACHE_TIMEOUT)
    return value


def default_expires() -> datetime.datetime | None:
    """The site's clock rule for parts that name none; the newsroom's (the next
    scheduled publish time) replaces it in articles/invalidation.py."""
    return None


def fragment(
    request: HttpRequest,
    name: str,
    compute: Callable[[], object],
    expires: Callable[[], datetime.datetime | None] | None = None,
):
    """A part of a page (``compute()``'s value), shared while the tags it recorded keep their versions.

    For the parts that are the same whoever asks: signed-in staff, readers with
    a pending reply and page-cache misses render the rest of the page and take
    these from here. ``compute()`` records tags and ``expire_at`` moments as a
    page does; they are kept with the value and recorded again into the page on
    every use, so a page stored with a remembered part is invalidated exactly
    like one that rendered it. Named per site address and language, since parts
    hold absolute links and translated text. ``expires`` as for ``serve()``.
    """
    if not getattr(settings, "PAGECACHE_FRAGMENTS", True):
        return compute()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = "\n".join([request.scheme, request.get_host(), name, language])
    key = FRAGMENT_PREFIX + hashlib.sha256(raw.encode()).hexdigest()
    # Checked like a stored page: this process's copy while the epoch holds.
    entry = _current_entry(key) or _compute_fragment(request, key, compute, expires or default_expires)
    record(request, *entry["recorded"])
    expire_at(request, entry["changes_at"])
    return entry["value"]


def _compute_fragment(request, key, compute, expires) -> dict:
    # What compute() records goes to a fresh collector, then to the page's own.
    outer_tags = getattr(request, "_pagecache_tags", None)
    outer_until = vars(request).pop("_pagecache_until", None)
    request._pagecache_tags = set()
    started = time.time()
    try:
        value = compute()
        tags = request._pagecache_tags
        changes_at = vars(request).pop("_pagecache_until", None)
    finally:
        request._pagecache_tags = outer_tags
        if outer_until is not None:
            request._pagecache_until = outer_until
    entry = {
        "until": _end(expires(), changes_at),
        "recorded": sorted(tags),
        "changes_at": changes_at,
        "value": value,
    }
    _keep(key, entry, tags, started)
    return entry


def _end(*moments: datetime.datetime | None) -> float:
    """When an entry stops being served: its timeout, or the earliest of ``moments``."""
    until = time.time() + settings.PAGECACHE_TIMEOUT
    for moment in moments:
        if moment is not None:
            until = min(until, moment.timestamp())
    return until


def _keep(key: str, entry: dict, tags: Iterable[str], started: float) -> bool:
    """Store ``entry`` (a page or a part) with the versions its ``tags`` have now, and copy it here.

    Not stored if a tag moved since ``started`` (the rendering may have read
    the old rows) or was never seen (started now, stored next time). Returns
    whether the rendering is known to be current (no tag moved, Redis here).
    """
    cache = _cache()
    tag_keys = sorted(TAG_PREFIX + tag for tag in {*tags, EVERYTHING})
    if _after_outage(cache) or not _up(cache):
        return False
    versions = cache.get_many([*tag_keys, EPOCH_KEY])
    epoch = versions.pop(EPOCH_KEY, None)
    missing = _seed_missing(cache, tag_keys, versions)
    # Clocks of several app servers differ a little: a bump this close to the
    # start of the rendering counts as made during it.
    skew = settings.PAGECACHE_CLOCK_SKEW
    now = time.time()
    if any(_version_time(v) + skew > started for v in versions.values()):
        return False
    if not missing and entry["until"] > now:
        entry["tags"] = versions
        cache.set(key, entry, timeout=max(1, int(entry["until"] - now) + 1))
        if epoch is not None:
            _local.put(key, {**entry, "epoch": epoch})
    return _up(cache)


# --- serving ----------------------------------------------------------------------


def bypass_cookies() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, "messages", *getattr(settings, "PAGECACHE_BYPASS_COOKIES", ())}


def is_reader_request(request: HttpRequest) -> bool:
    """Whether this request may get (and fill) the shared page: anonymous, no state."""
    if not getattr(settings, "PAGECACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
        return False
    return not any(name in request.COOKIES for name in bypass_cookies())


def page_key(request: HttpRequest) -> str:
    """Host, path, language and the query parameters pages use (others, e.g. utm_*, change nothing)."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    used = settings.PAGECACHE_QUERY_PARAMS
    query = sorted((name, values) for name, values in request.GET.lists() if name in used)
    raw = "\n".join([request.scheme, request.get_host(), request.path, language, repr(query)])
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def serve(
    request: HttpRequest,
    render: Callable[[], HttpResponse],
    expires: Callable[[], datetime.datetime | None] = lambda: None,
) -> HttpResponse:
    """The cached page for an anonymous reader, or ``render()``'s, stored for the next one.

    ``expires`` is asked, when a page is stored, for the latest moment it may
    still be served (None: no limit beyond ``PAGECACHE_TIMEOUT``).
    """
    if not is_reader_request(request):
        response = render()
        add_never_cache_headers(response)
        response["X-Page-Cache"] = "bypass"
        return response

    key = page_key(request)
    # The middleware looked this key up a moment ago and found nothing current.
    entry = None if getattr(request, "_pagecache_missed", None) == key else _current_entry(key)
    if entry is not None:
        return _from_entry(request, entry)

    started = time.time()
    request._pagecache_tags = set()
    response = render()
    if callable(getattr(response, "render", None)):
        response = response.render()
    _store(request, response, key, started, expires)
    return response


def _current_entry(key: str) -> dict | None:
    """The stored page for ``key`` if every tag it recorded is still at its version."""
    cache = _cache()
    _after_outage(cache)
    now = time.time()
    entry = _local.get(key)
    if entry is not None and entry["until"] > now:
        epoch = _watch.epoch(cache)
        if epoch is not None and epoch == entry["epoch"]:
            return entry  # nothing at all changed since it was last checked
        if epoch is None:  # the shared cache was emptied or lost: so are the copies
            _local.clear()
            entry = None
    else:
        entry = None
    if entry is None:
        entry = cache.get(key)
        if entry is None or entry["until"] <= now:
            _local.drop(key)
            return None
    current = cache.get_many([*entry["tags"], EPOCH_KEY])
    epoch = current.pop(EPOCH_KEY, None)
    if current != entry["tags"] or _after_outage(cache):
        _local.drop(key)
        return None
    if epoch is None:
        cache.add(EPOCH_KEY, f"0:{secrets.token_hex(4)}", timeout=None)
    else:
        _local.put(key, {**entry, "epoch": epoch})
    return entry


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and not (session is not None and session.modified)
    )


def _store(request, response, key, started, expires) -> None:
    if not _storable(request, response):
        add_never_cache_headers(response)
        response["X-Page-Cache"] = "skip"
        return
    until = _end(expires(), getattr(request, "_pagecache_until", None))
    body = response.content
    has_csrf = bool(CSRF_INPUT.search(body))
    tags = request._pagecache_tags
    edge_headers = edge.tag_headers(tags)
    for name, value in (edge_headers or {}).items():
        response[name] = value
    _set_public_headers(response, until - time.time(), private=has_csrf)
    response["X-Page-Cache"] = "miss"
    if has_csrf:
        body = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", body)
    entry = {"until": until, "parts": _holes(body), "headers": _stored_headers(response), "csrf": has_csrf}
    entry["shared"] = edge_headers is not None  # purgeable at the edge: it may keep the page
    if not _keep(key, entry, tags, started) or edge_headers is None:
        # Rendered across a change, or not purgeable there: no shared cache keeps it.
        _set_cache_control(response, 0, private=has_csrf)


def _from_entry(request: HttpRequest, entry: dict) -> HttpResponse:
    body, compressed = _body(request, entry)
    response = HttpResponse(status=200)
    for name, value in entry["headers"]:
        response[name] = value
    if entry["csrf"]:
        # A fresh token for this reader; CsrfViewMiddleware sets the cookie to match.
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    elif compressed is not None:
        body = compressed
        response["Content-Encoding"] = "gzip"
        if response.has_header("ETag"):
            response["ETag"] = re.sub(r'^"', 'W/"', response["ETag"])  # as GZipMiddleware
    response.content = body
    # The stored headers already vary by language, cookie and encoding (set before storing).
    _set_cache_control(response, (entry["until"] - time.time()) * entry["shared"], private=entry["csrf"])
    response["X-Page-Cache"] = "hit"
    return response


def _body(request: HttpRequest, entry: dict) -> tuple[bytes, bytes | None]:
    """The stored page with this request's field values, and gzipped if the client takes it.

    Both are kept on this process's copy while the values stay the same (the
    form's token changes once a second): a busy article is compressed once per
    second, not once per reader. Pages with a CSRF token are never compressed
    (BREACH), nor are they copied here.
    """
    values = _fresh_values(request, entry["parts"])
    last = entry.get("last_body")
    if last is None or last[0] != values:
        last = entry["last_body"] = [values, _filled(entry["parts"], values), None]
    if entry["csrf"] or not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return last[1], None
    if last[2] is None:
        last[2] = gzip.compress(last[1], compresslevel=6, mtime=0)
    return last[1], last[2]


def _stored_headers(response: HttpResponse) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]


def _holes(body: bytes) -> list[bytes | tuple[str, str]]:
    """``body`` cut around the values of the fields in ``_fresh_fields``: text, (name, value), text…

    Cut when the page is stored, so a hit joins a few pieces instead of
    searching the whole page (a busy article is a few hundred kilobytes).
    """
    if not _fresh_fields:
        return [body]
    names = b"|".join(re.escape(name.encode()) for name in _fresh_fields)
    parts: list[bytes | tuple[str, str]] = []
    position = 0
    for match in re.finditer(rb'name="(' + names + rb')" value="([^"]*)"', body):
        parts.append(body[position : match.start(2)])
        parts.append((match[1].decode(), html.unescape(match[2].decode())))
        position = match.end(2)
    parts.append(body[position:])
    return parts


def fill_fresh_fields(request: HttpRequest, html: str) -> SafeString:
    """A shared part's HTML with its per-reader field values made for this request."""
    parts = _holes(html.encode())
    return mark_safe(_filled(parts, _fresh_values(request, parts)).decode())


def _fresh_values(request: HttpRequest, parts: list[bytes | tuple[str, str]]) -> list[str]:
    return [_fresh_fields[part[0]](request, part[1]) for part in parts if isinstance(part, tuple)]


def _filled(parts: list[bytes | tuple[str, str]], values: list[str]) -> bytes:
    fills = iter(values)
    return b"".join(part if isinstance(part, bytes) else _attr(next(fills)) for part in parts)


def _attr(value: str) -> bytes:
    return html.escape(value, quote=True).encode()


def _set_public_headers(response: HttpResponse, lifetime: float, private: bool) -> None:
    """Headers for a shared cache (CDN) in front: short, and never past the entry's end."""
    # The page differs by language, chosen by the Accept-Language header or the
    # language cookie.
    # Hits are gzipped for clients that take it.
    patch_vary_headers(response, ["Accept-Language", "Cookie", "Accept-Encoding"])
    _set_cache_control(response, lifetime, private)


def _set_cache_control(response: HttpResponse, lifetime: float, private: bool) -> None:
    # Written whole: the view's own Cache-Control is never stored.
    if private:
        # A form with this reader's CSRF token: no shared cache may keep it.
        response["Cache-Control"] = "private, no-cache, max-age=0"
        return
    # Browsers ask again each time (a 304 is cheap); shared caches keep the
    # page as long as they are told, or until purged (newsroom/edge.py).
    shared = max(0, min(int(lifetime), settings.PAGECACHE_SHARED_MAX_AGE))
    response["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={shared}"


# --- serving before the view ------------------------------------------------------


class PageCacheMiddleware:
    """Answers a reader's request from a page this process served lately, before URLs and views.

    Placed right after LocaleMiddleware and CommonMiddleware, so the language
    is known and every middleware that adds a response header runs on an
    answer from here as on a view's response. Views still decide what is
    cached (``serve()``) and store it; pages with a CSRF token to renew, and
    pages not copied here lately, are left to the view's own lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_reader_request(request):
            key = page_key(request)
            if key in _local.entries:
                entry = _current_entry(key)
                if entry is None:
                    request._pagecache_missed = key  # the view need not look again
                elif not entry["csrf"]:
                    response = _from_entry(request, entry)
                    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
                    return get_conditional_response(
                        request, etag=response.get("ETag"), last_modified=last_modified, response=response
                    )
        return self.get_response(request)
