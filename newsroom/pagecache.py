"""Whole-page cache for anonymous readers, invalidated exactly by tags.

While a page renders it records what it shows (``shows``: objects, ``lists``:
sets of them); the entry keeps the version each tag had. Models say what a
change to them makes stale (``cache_tags()``); one receiver *bumps* those
tags before and after every save, delete and many-to-many change. An entry
is served only while every recorded version is current. Every bump also
moves one site-wide version, the epoch: a process serves its own copy of an
entry while the epoch has not moved (no round trip while no bump was
announced: ``_EpochWatch``), else checks the entry's tags.

Two rules close the races a shared cache has: a page whose tags were bumped
after its rendering started is not stored (a bump inside a transaction is
repeated on commit), and no entry outlives the ``expires`` moment its caller
gives. Never cached: anything but GET/HEAD, requests with a cookie that
changes the page, responses that are not 200, set cookies or say
``private``. A cached form's CSRF token is made fresh for each reader.
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import hashlib
import html
import os
import re
import secrets
import threading
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
from django.utils import translation
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.safestring import SafeString, mark_safe

from newsroom import edge

# The version changes with the layout of a stored entry, so a deploy never reads an old one.
PAGE_PREFIX = "pagecache:page:v5:"
FRAGMENT_PREFIX = "pagecache:fragment:v2:"
TAG_PREFIX = "pagecache:tag:"
MEMO_PREFIX = "pagecache:memo:"
EPOCH_KEY = "pagecache:epoch"
# Recorded by every entry: bumped when Redis comes back, since bumps made while it was away were lost.
EVERYTHING = "everything"
CSRF_PLACEHOLDER = b"__pagecache_csrf_token__"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
NOT_STORED_HEADERS = {"cache-control", "expires", "set-cookie", "x-page-cache", "content-length"}

_local: OrderedDict[str, dict] = OrderedDict()  # this process's copies of entries it served lately
_local_lock = threading.Lock()
_outages_seen = [0]
# Hidden form fields made per reader (a signed "form shown at" time): name -> make(request, stored value).
_fresh_fields: dict[str, Callable[[HttpRequest, str], str]] = {}


def refresh_field(name: str, make: Callable[[HttpRequest, str], str]) -> None:
    """Give the form field ``name`` of a cached page a value made for each request."""
    _fresh_fields[name] = make


def _cache():
    return caches[getattr(settings, "PAGECACHE_ALIAS", "default")]


def _up(cache) -> bool:
    """False while Redis is away (newsroom/redis_cache.py); other caches are always here."""
    return getattr(cache, "available", lambda: True)()


def _after_outage(cache) -> bool:
    """Whether Redis came back since this process last looked: then nothing kept before counts."""
    if getattr(cache, "recoveries", 0) == _outages_seen[0]:
        return False
    _outages_seen[0] = cache.recoveries
    _local.clear()
    _watch.known = None
    _store_versions([EVERYTHING])
    return True


class _EpochWatch:
    """The shared epoch as this process knows it, read again only when a bump is announced.

    Reading the epoch on every hit costs a round trip, a quarter of a hit's
    time (bench/README.md). So each process subscribes to the epoch's
    channel and only looks at its socket (non-blocking, no round trip): a
    message means a bump, and the epoch is read again. Redis queues the
    message to every subscriber while it runs the bump's PUBLISH, before the
    bumping process hears back, so a request starting after a bump finds it
    waiting. A lost connection forgets the epoch; without a subscription
    every hit reads it.
    """

    RETRY_SECONDS = 5.0
    TRUST_SECONDS = 1.0  # a half-open subscription hears nothing: read again this often anyway

    def __init__(self):
        self.pid = self.pubsub = self.known = None
        self.read_at = self.retry_at = 0.0

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
            confirmed = pubsub.get_message(timeout=0.25)  # the epoch read next is current once subscribed
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
    if setting in ("CACHES", "PAGECACHE_ALIAS"):  # in tests: what this process knew is no longer true
        if _watch.pubsub is not None:
            _watch.pubsub.close()
        _watch.__init__()
        _local.clear()
        _outages_seen[0] = 0


# --- what a page shows -------------------------------------------------------------


def record(request: HttpRequest, *tags: str) -> None:
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
    """Record that the page shows ``objects`` (and what each shows with it: the tags of ``shown_with()``)."""
    for obj in objects:
        record(request, tag(obj), *getattr(obj, "shown_with", list)())


def lists(request: HttpRequest, model, *scopes) -> None:
    """Record that the page lists ``model``'s objects in ``scopes`` (none: the whole set)."""
    record(request, *[list_tag(model, scope) for scope in scopes or [None]])


def expire_at(request: HttpRequest, moment: datetime.datetime | None) -> None:
    """The page being rendered changes by itself at ``moment`` (e.g. replies close)."""
    if moment is not None and getattr(request, "_pagecache_tags", None) is not None:
        request._pagecache_until = min(getattr(request, "_pagecache_until", moment), moment)


# --- what a change makes stale -----------------------------------------------------

_declared: dict[type, Callable[[object], list[str]]] = {}  # for models that are not ours (taggit's)


def declare(model: type, tags_of: Callable[[object], list[str]]) -> None:
    _declared[model] = tags_of


def _declares(model) -> bool:
    return model in _declared or hasattr(model, "cache_tags")


def cache_tags(obj) -> list[str] | None:
    """What a change to ``obj`` makes stale; None for a model that declares nothing."""
    method = _declared.get(type(obj)) or getattr(type(obj), "cache_tags", None)
    return None if method is None else method(obj)


@receiver(pre_save)
def _before_save(sender, instance, **kwargs):
    if instance.pk is not None and _declares(sender):
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
    if reverse and not _declares(model):
        return
    objects = [instance]
    if reverse:  # category.articles.add(...): each article's tags
        field = next((f for f in model._meta.many_to_many if f.remote_field.through is sender), None)
        found = model._base_manager.filter(pk__in=pk_set or [])
        if pk_set is None and field is not None:
            found = model._base_manager.filter(**{field.name: instance})
        objects = list(found)
    bump(*[t for obj in objects for t in (cache_tags(obj) or [])])


def bump(*tags: str) -> None:
    """Mark ``tags`` changed: now (this process's next request misses) and, in a
    transaction, again on commit, when other processes can read the new rows."""
    tags = tuple(dict.fromkeys(tag for tag in tags if tag))
    if not tags:
        return
    _store_versions(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: (_store_versions(tags), edge.purge(tags)))
    else:
        edge.purge(tags)


def _new_version(moment: float | None = None) -> str:
    return f"{time.time() if moment is None else moment:.6f}:{secrets.token_hex(4)}"


def _store_versions(tags: Iterable[str]) -> None:
    cache = _cache()
    cache.set_many({TAG_PREFIX + tag: _new_version() for tag in tags}, timeout=None)
    epoch = _new_version()
    cache.set(EPOCH_KEY, epoch, timeout=None)  # after the tags: a reader of the new epoch sees them
    if hasattr(cache, "publish"):
        cache.publish(EPOCH_KEY, epoch)  # to every process's _EpochWatch


def _versions(cache, tags: Iterable[str], found: dict | None = None) -> tuple[dict, list[str]]:
    """The current version of each of ``tags`` (and ``everything``), and the tags first seen now.

    A tag never bumped (or evicted) is started at time zero (add() lets a
    concurrent bump win); what read it is stored next time, once it is known.
    """
    keys = sorted(TAG_PREFIX + tag for tag in {*tags, EVERYTHING})
    found = {key: value for key, value in (found or cache.get_many(keys)).items() if key in keys}
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _new_version(0), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return found, [key for key in missing if key != TAG_PREFIX + EVERYTHING]


# --- remembered values and shared parts --------------------------------------------


def remember(name: str, tags: Iterable[str], compute: Callable[[], object], stale=lambda value: False):
    """``compute()``'s value, shared by every process while ``tags`` keep their versions.

    The versions are read before computing, so a bump during the computation
    leaves the stored value stale at once. ``stale(value)`` may retire a value early.
    """
    cache = _cache()
    key = MEMO_PREFIX + name
    _after_outage(cache)
    tag_keys = [TAG_PREFIX + tag for tag in {*tags, EVERYTHING}]
    found = cache.get_many([key, *tag_keys])
    stored = found.pop(key, None)
    if stored is not None and stored["tags"] == found and not stale(stored["value"]):
        return stored["value"]
    versions, _missing = _versions(cache, tags, found)
    value = compute()
    if len(versions) == len(tag_keys):
        cache.set(key, {"tags": versions, "value": value}, timeout=settings.PAGECACHE_TIMEOUT)
    return value


def default_expires() -> datetime.datetime | None:
    """The site's clock rule for parts that name none (articles/invalidation.py sets the newsroom's)."""
    return None


def fragment(request: HttpRequest, name: str, compute: Callable[[], object], expires=None):
    """A part of a page (``compute()``'s value), shared while the tags it recorded keep their versions.

    For parts that are the same whoever asks: staff, readers with a pending
    reply and page-cache misses take them from here. The tags and
    ``expire_at`` moments a part records are kept with it and recorded into
    each page using it, so that page is invalidated as if it had rendered it.
    """
    if not getattr(settings, "PAGECACHE_FRAGMENTS", True):
        return compute()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = "\n".join([request.scheme, request.get_host(), name, language])  # parts hold links and text
    key = FRAGMENT_PREFIX + hashlib.sha256(raw.encode()).hexdigest()
    entry = _current_entry(key) or _compute_fragment(request, key, compute, expires or default_expires)
    record(request, *entry["recorded"])
    expire_at(request, entry["changes_at"])
    return entry["value"]


def _compute_fragment(request, key, compute, expires) -> dict:
    # What compute() records goes to a fresh collector, then to the page's own.
    outer = getattr(request, "_pagecache_tags", None), vars(request).pop("_pagecache_until", None)
    request._pagecache_tags, started = set(), time.time()
    try:
        value = compute()
        tags, changes_at = request._pagecache_tags, vars(request).pop("_pagecache_until", None)
    finally:
        request._pagecache_tags = outer[0]
        if outer[1] is not None:
            request._pagecache_until = outer[1]
    entry = {"until": _end(expires(), changes_at), "recorded": sorted(tags), "changes_at": changes_at}
    _keep(key, {**entry, "value": value}, tags, started)
    return {**entry, "value": value}


def _end(*moments: datetime.datetime | None) -> float:
    """When an entry stops being served: its timeout, or the earliest of ``moments``."""
    return min([time.time() + settings.PAGECACHE_TIMEOUT, *[m.timestamp() for m in moments if m]])


def _keep(key: str, entry: dict, tags: Iterable[str], started: float) -> bool:
    """Store ``entry`` (a page or a part) with its tags' versions now, and copy it here.

    Not stored if a tag moved since ``started`` (within the app servers' clock
    skew: the rendering may have read the old rows) or was first seen now.
    Returns whether the rendering is known to be current (no tag moved, Redis here).
    """
    cache = _cache()
    if _after_outage(cache) or not _up(cache):
        return False
    epoch = cache.get(EPOCH_KEY)
    versions, missing = _versions(cache, tags)
    skew = settings.PAGECACHE_CLOCK_SKEW
    if any(float(version.split(":")[0]) + skew > started for version in versions.values()):
        return False
    now = time.time()
    if not missing and entry["until"] > now:
        entry["tags"] = versions
        cache.set(key, entry, timeout=max(1, int(entry["until"] - now) + 1))
        if epoch is not None:
            _copy(key, {**entry, "epoch": epoch})
    return _up(cache)


def _copy(key: str, entry: dict) -> None:
    """Keep ``entry`` in this process, within PAGECACHE_LOCAL_ENTRIES and PAGECACHE_LOCAL_BYTES.

    A page copy also keeps the page as last sent and its gzip (``_body``): it
    counts for twice its text and a quarter more. Threads of one process share
    the copies: a lock, and lookups that tolerate a copy dropped meanwhile.
    """
    entry["size"] = _text_size(entry.get("parts")) * 9 // 4 + _text_size(entry.get("value"))
    with _local_lock, contextlib.suppress(KeyError):  # KeyError: emptied meanwhile (an outage)
        _local.pop(key, None)
        if entry["size"] <= settings.PAGECACHE_LOCAL_BYTES:
            _local[key] = entry
        total = sum(copy["size"] for copy in list(_local.values()))  # list(): one step, however threads run
        while len(_local) > settings.PAGECACHE_LOCAL_ENTRIES or total > settings.PAGECACHE_LOCAL_BYTES:
            total -= _local.popitem(last=False)[1]["size"]


def _text_size(value) -> int:
    """Bytes of text held by ``value`` (nested dicts, lists and tuples of str and bytes)."""
    if isinstance(value, (bytes, str)):
        return len(value)
    if isinstance(value, (dict, list, tuple)):
        return sum(_text_size(item) for item in (value.values() if isinstance(value, dict) else value))
    return 0


def _current_entry(key: str) -> dict | None:
    """The stored entry for ``key`` if every tag it recorded is still at its version.

    This process's copy while the epoch has not moved (``_EpochWatch``), else
    the shared entry and one read of its tags.
    """
    cache = _cache()
    _after_outage(cache)
    now = time.time()
    copy = _local.get(key)
    if copy is not None and copy["until"] > now:
        epoch = _watch.epoch(cache)
        if epoch is not None and epoch == copy["epoch"]:
            with _local_lock, contextlib.suppress(KeyError):
                _local.move_to_end(key)
            return copy  # nothing at all changed since it was last checked
        if epoch is None:  # the shared cache was emptied or lost: so are the copies
            _local.clear()
    entry = cache.get(key)
    if entry is None or entry["until"] <= now:
        _local.pop(key, None)
        return None
    current = cache.get_many([*entry["tags"], EPOCH_KEY])
    epoch = current.pop(EPOCH_KEY, None)
    if current != entry["tags"] or _after_outage(cache):
        _local.pop(key, None)
        return None
    if epoch is None:
        cache.add(EPOCH_KEY, _new_version(0), timeout=None)
    else:
        _copy(key, {**entry, "epoch": epoch})
    return entry


# --- serving pages -----------------------------------------------------------------


def is_reader_request(request: HttpRequest) -> bool:
    """Whether this request may get (and fill) the shared page: anonymous, no state."""
    if not getattr(settings, "PAGECACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
        return False
    cookies = {settings.SESSION_COOKIE_NAME, "messages", *getattr(settings, "PAGECACHE_BYPASS_COOKIES", ())}
    return not any(name in request.COOKIES for name in cookies)


def page_key(request: HttpRequest) -> str:
    """Host, path, language and the query parameters pages use (others, e.g. utm_*, change nothing)."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request)
    used = settings.PAGECACHE_QUERY_PARAMS
    query = (
        sorted((k, v) for k, v in request.GET.lists() if k in used)
        if request.META.get("QUERY_STRING")
        else []
    )
    raw = "\n".join([request.scheme, request.get_host(), request.path, language, repr(query)])
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def serve(request: HttpRequest, render: Callable[[], HttpResponse], expires=lambda: None) -> HttpResponse:
    """The cached page for an anonymous reader, or ``render()``'s, stored for the next one.

    ``expires()`` is asked, when a page is stored, for the latest moment it
    may be served (None: ``PAGECACHE_TIMEOUT``).
    """
    if not is_reader_request(request):
        response = render()
        add_never_cache_headers(response)
        response["X-Page-Cache"] = "bypass"
        return response
    key = page_key(request)
    # The middleware looked this key up a moment ago and found nothing current.
    request._pagecache_key = key  # the middleware keeps the final headers of what it serves
    entry = None if getattr(request, "_pagecache_missed", None) == key else _current_entry(key)
    if entry is not None:
        return _from_entry(request, entry)
    request._pagecache_tags, started = set(), time.time()
    response = render()
    if callable(getattr(response, "render", None)):
        response = response.render()
    _store(request, response, key, started, expires)
    return response


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
    edge_headers = edge.tag_headers(request._pagecache_tags)
    for name, value in (edge_headers or {}).items():
        response[name] = value
    # The page differs by language (header or cookie); hits are gzipped for clients that take it.
    patch_vary_headers(response, ["Accept-Language", "Cookie", "Accept-Encoding"])
    response["X-Page-Cache"] = "miss"
    if has_csrf:
        body = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", body)
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS]
    entry = {"until": until, "parts": _holes(body), "headers": headers, "csrf": has_csrf}
    entry["shared"] = edge_headers is not None  # purgeable at the edge: it may keep the page
    # Rendered across a change, or not purgeable there: no shared cache keeps it.
    kept = _keep(key, entry, request._pagecache_tags, started) and entry["shared"]
    _set_cache_control(response, until - time.time() if kept else 0, private=has_csrf)


def _from_entry(request: HttpRequest, entry: dict, headers=None) -> HttpResponse:
    body, compressed = _body(request, entry)
    response = HttpResponse(status=200)
    for name, value in headers or entry["headers"]:
        response[name] = value
    if entry["csrf"]:  # a fresh token for this reader; CsrfViewMiddleware sets the cookie to match
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    elif compressed is not None:
        body = compressed
        response["Content-Encoding"] = "gzip"
        if response.has_header("ETag"):
            response["ETag"] = re.sub(r'^"', 'W/"', response["ETag"])  # as GZipMiddleware
    response.content = body
    response["Content-Length"] = str(len(body))
    _set_cache_control(response, (entry["until"] - time.time()) * entry["shared"], private=entry["csrf"])
    response["X-Page-Cache"] = "hit"
    return response


def _body(request: HttpRequest, entry: dict) -> tuple[bytes, bytes | None]:
    """The stored page with this request's field values, and gzipped if the client takes it.

    Both are kept on this process's copy while the values stay the same (the
    form's token changes once a second). Pages with a CSRF token are never
    compressed (BREACH).
    """
    values = [_fresh_fields[part[0]](request, part[1]) for part in entry["parts"] if isinstance(part, tuple)]
    last = entry.get("last_body")
    if last is None or last[0] != values:
        last = entry["last_body"] = [values, _filled(entry["parts"], values), None]
    if entry["csrf"] or not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return last[1], None
    if last[2] is None:
        last[2] = gzip.compress(last[1], compresslevel=6, mtime=0)
    return last[1], last[2]


def _holes(body: bytes) -> list[bytes | tuple[str, str]]:
    """``body`` cut around the values of the fields in ``_fresh_fields``: text, (name, value), text…"""
    if not _fresh_fields:
        return [body]
    names = b"|".join(re.escape(name.encode()) for name in _fresh_fields)
    parts: list[bytes | tuple[str, str]] = []
    position = 0
    for match in re.finditer(rb'name="(' + names + rb')" value="([^"]*)"', body):
        parts += [body[position : match.start(2)], (match[1].decode(), html.unescape(match[2].decode()))]
        position = match.end(2)
    return [*parts, body[position:]]


def _filled(parts: list[bytes | tuple[str, str]], values: list[str]) -> bytes:
    fills = iter(values)
    return b"".join(
        p if isinstance(p, bytes) else html.escape(next(fills), quote=True).encode() for p in parts
    )


def fill_fresh_fields(request: HttpRequest, text: str) -> SafeString:
    """A shared part's HTML with its per-reader field values made for this request."""
    return mark_safe(_body(request, {"parts": _holes(text.encode()), "csrf": True})[0].decode())


def _set_cache_control(response: HttpResponse, lifetime: float, private: bool) -> None:
    """Browsers ask again each time (a 304 is cheap); shared caches keep the page
    as long as they are told, or until purged (newsroom/edge.py)."""
    if private:  # a form with this reader's CSRF token: no shared cache may keep it
        response["Cache-Control"] = "private, no-cache, max-age=0"
    else:
        shared = max(0, min(int(lifetime), settings.PAGECACHE_SHARED_MAX_AGE))
        response["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={shared}"


class PageCacheMiddleware:
    """Answers a reader's request from a page this process served lately, before any other middleware.

    First in MIDDLEWARE: a hit costs a key, a look at the epoch and a copy.
    The other middleware's headers (security, policy, language) are those
    they gave the page when it last went out through them, kept on this
    process's copy. Views decide what is cached (``serve()``); pages with a
    CSRF token to renew, plain HTTP when HTTPS is required, and pages not
    copied here go down the stack.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        secure_enough = request.is_secure() or not settings.SECURE_SSL_REDIRECT
        key = page_key(request) if secure_enough and is_reader_request(request) else None
        if key in _local and "final_headers" in _local[key]:
            entry = _current_entry(key)
            if entry is None:
                request._pagecache_missed = key  # the view need not look again
            elif not entry["csrf"] and "final_headers" in entry:
                response = _from_entry(request, entry, entry["final_headers"])
                if {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"}.isdisjoint(request.META):
                    return response
                modified = parse_http_date_safe(response.get("Last-Modified", ""))
                return get_conditional_response(
                    request, etag=response.get("ETag"), last_modified=modified, response=response
                )
        response = self.get_response(request)
        copy = _local.get(key) if key and getattr(request, "_pagecache_key", None) == key else None
        served = response.get("X-Page-Cache") in ("hit", "miss") and not response.has_header(
            "Content-Encoding"
        )
        if copy is not None and served:
            copy["final_headers"] = [
                (k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS
            ]
        return response
