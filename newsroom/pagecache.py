"""Whole pages for anonymous readers and shared parts of pages, invalidated exactly by tags.

Pages record what they show, models declare what a change makes stale, and an
entry is served while its tags keep their versions (README.md, "Page cache").
"""

import contextlib
import datetime
import gzip
import hashlib
import html
import os
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers, set_response_etag
from django.utils.safestring import mark_safe

from newsroom import edge

PAGE_PREFIX, PART_PREFIX = "pagecache:page:v6:", "pagecache:part:v4:"  # new layout, new prefix
TAG_PREFIX, EPOCH_KEY = "pagecache:tag:", "pagecache:epoch"
# Recorded by every entry, bumped when Redis is back (bumps made while it was away were lost);
# named by every page at the edge, purged there when a new release starts.
EVERYTHING = "everything"
CSRF_FIELD = "csrfmiddlewaretoken"
NOT_STORED_HEADERS = {"cache-control", "expires", "set-cookie", "x-page-cache", "content-length"}

_local: OrderedDict[str, dict] = OrderedDict()  # this process's copies of entries it served lately
_local_lock = threading.Lock()
_outages_seen = [0]
_releases_seen: set[str] = set()
# Hidden form fields whose value is made for each reader: name -> make(request, stored value).
_fresh_fields: dict[str, Callable] = {CSRF_FIELD: lambda request, value: get_token(request)}
_declared: dict[type, Callable] = {}  # cache_tags() of models that are not ours (taggit's)
_expiry_rules: list[Callable] = []  # moments no entry outlives (a scheduled article going live)


def refresh_field(name: str, make: Callable[[HttpRequest, str], str]) -> None:
    _fresh_fields[name] = make


def declare(model: type, tags_of: Callable[[object], list[str]]) -> None:
    _declared[model] = tags_of


def expires_with(rule: Callable[[], datetime.datetime | None]) -> None:
    _expiry_rules.append(rule)


def _cache():
    return caches[getattr(settings, "PAGECACHE_ALIAS", "default")]


def _up(cache) -> bool:  # False while Redis is away (redis_cache.py)
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


def _read_epoch(cache) -> str | None:
    if (epoch := cache.get(EPOCH_KEY)) is None:
        cache.add(EPOCH_KEY, secrets.token_hex(8), timeout=None)  # a new cache: start it
        epoch = cache.get(EPOCH_KEY)
    return epoch


class _EpochWatch:
    """The epoch, read again only after a bump is announced on this process's subscription
    (a hit costs no round trip); a silent connection is not trusted past a second."""

    RETRY_SECONDS, TRUST_SECONDS = 5.0, 1.0

    def __init__(self):
        self.pid = self.pubsub = self.known = None
        self.read_at = self.retry_at = 0.0

    def epoch(self, cache) -> str | None:
        if not _up(cache):
            return None
        try:
            if not self._listening(cache):
                return _read_epoch(cache)
            while (message := self.pubsub.get_message(timeout=0.0)) is not None:
                self.known = None if message["type"] == "message" else self.known
        except Exception:  # a lost connection: read the epoch each time until subscribed again
            if self.pubsub is not None:
                self.pubsub.close()
            self.pubsub, self.retry_at = None, time.monotonic() + self.RETRY_SECONDS
            return _read_epoch(cache)
        if self.known is None or time.monotonic() - self.read_at > self.TRUST_SECONDS:
            self.known, self.read_at = _read_epoch(cache), time.monotonic()
        return self.known

    def _listening(self, cache) -> bool:
        if self.pubsub is not None and self.pid == os.getpid():
            return True
        if not hasattr(cache, "subscribe") or time.monotonic() < self.retry_at:
            return False
        self.pid, self.known = os.getpid(), None  # a forked worker subscribes afresh
        self.pubsub = cache.subscribe(EPOCH_KEY)
        confirmed = self.pubsub.get_message(timeout=0.25)  # the epoch read next is current
        if confirmed is None or confirmed["type"] != "subscribe":
            raise ConnectionError("no subscription")
        self.pubsub.connection.register_connect_callback(self._reconnected)  # redis-py keeps a WeakMethod
        return True

    def _reconnected(self, connection) -> None:
        self.known = None  # bumps made while the connection was away were not heard


_watch = _EpochWatch()


def record(request: HttpRequest, *tags: str) -> None:
    if (found := getattr(request, "_pagecache_tags", None)) is not None:
        found.update(tags)


def tag(obj, pk=None) -> str:
    """The tag of an object's own content (``article:12``)."""
    return f"{obj._meta.model_name}:{obj.pk if pk is None else pk}"


def list_tag(model, scope=None) -> str:
    """The tag of a set of ``model``'s objects (``published``, ``published:category:3``)."""
    name = model.cache_list_tag
    return name if scope is None else f"{name}:{scope if isinstance(scope, str) else tag(scope)}"


def shows(request: HttpRequest, *objects) -> None:
    """The page shows ``objects``, and with each what its ``shown_with()`` names."""
    for obj in objects:
        record(request, tag(obj), *getattr(obj, "shown_with", list)())


def lists(request: HttpRequest, model, *scopes) -> None:
    """The page lists ``model``'s objects in ``scopes`` (none: the whole set)."""
    record(request, *[list_tag(model, scope) for scope in scopes or [None]])


def expire_at(request: HttpRequest, moment: datetime.datetime | None) -> None:
    """The page being rendered changes by itself at ``moment`` (e.g. replies close)."""
    if moment is not None and getattr(request, "_pagecache_tags", None) is not None:
        request._pagecache_until = min(getattr(request, "_pagecache_until", moment), moment)


def _declares(model) -> bool:
    return model in _declared or hasattr(model, "cache_tags")


def cache_tags(obj) -> list[str] | None:
    """What a change to ``obj`` makes stale; None for a model that declares nothing."""
    method = _declared.get(type(obj)) or getattr(type(obj), "cache_tags", None)
    return method and method(obj)


@receiver(pre_save)
def _before_save(sender, instance, **kwargs):
    if instance.pk is not None and _declares(sender):
        before = sender._base_manager.filter(pk=instance.pk).first()
        instance._cache_tags_before = cache_tags(before) if before is not None else []


@receiver(post_save)
def _after_save(sender, instance, **kwargs):
    if (tags := cache_tags(instance)) is not None:
        bump(*vars(instance).pop("_cache_tags_before", []), *tags)


@receiver(pre_delete)
def _deleting(sender, instance, **kwargs):
    bump(*(cache_tags(instance) or []))


@receiver(m2m_changed)
def _m2m_changed(sender, instance, reverse, model, pk_set, **kwargs):
    """Before and after a change: the tags of each object on the side declaring them."""
    if reverse and not _declares(model):
        return
    objects = [instance]
    if reverse:  # category.articles.add(...): each article's
        field = next((f for f in model._meta.many_to_many if f.remote_field.through is sender), None)
        lookup = {field.name: instance} if pk_set is None and field else {"pk__in": pk_set or []}
        objects = model._base_manager.filter(**lookup)
    bump(*[t for obj in objects for t in (cache_tags(obj) or [])])


def bump(*tags: str) -> None:
    """Mark ``tags`` changed now and, in a transaction, again when other processes can read it."""
    if not (tags := tuple(dict.fromkeys(tag for tag in tags if tag))):
        return
    _store_versions(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: (_store_versions(tags), edge.purge(tags)))
    else:
        edge.purge(tags)


def _store_versions(tags) -> None:
    cache, epoch = _cache(), secrets.token_hex(8)
    # The epoch, then the versions with it again (one MSET): a reader of versions then epoch (a page
    # being stored), or of epoch then versions (a copy checked), finds the bump in its last read.
    cache.set(EPOCH_KEY, f"moving:{epoch}", timeout=None)
    cache.set_many({TAG_PREFIX + t: secrets.token_hex(8) for t in tags} | {EPOCH_KEY: epoch}, timeout=None)
    if hasattr(cache, "publish"):
        cache.publish(EPOCH_KEY, epoch)  # to every process's _EpochWatch


def _keep(key: str, entry: dict, tags, epoch: str | None) -> bool:
    """Store ``entry`` unless the epoch moved since ``epoch``; whether the rendering is current."""
    cache = _cache()
    if epoch is None or _after_outage(cache) or not _up(cache):
        return False
    keys = [TAG_PREFIX + t for t in {*tags, EVERYTHING}]
    versions = cache.get_many([*keys, EPOCH_KEY])
    if missing := set(keys) - versions.keys():  # never bumped, or evicted: start them
        for name in missing:
            cache.add(name, secrets.token_hex(8), timeout=None)
        versions |= cache.get_many([*missing, EPOCH_KEY])  # with the epoch: a bump meanwhile shows
    if versions.pop(EPOCH_KEY, None) != epoch or len(versions) < len(keys):
        return False
    if (lifetime := entry["until"] - time.time()) > 0:
        cache.set(key, {**entry, "tags": versions}, timeout=int(lifetime) + 1)
        _copy(key, {**entry, "tags": versions, "epoch": epoch})
    return _up(cache)


def _copy(key: str, entry: dict) -> None:
    """Keep ``entry`` here within PAGECACHE_LOCAL_* (a page counts as stored, sent and gzipped)."""
    size = len(pickle.dumps(entry.get("parts") or entry.get("value"), -1))
    entry["size"] = size * 9 // 4 if "parts" in entry else size
    with _local_lock, contextlib.suppress(KeyError):  # KeyError: emptied meanwhile (an outage)
        _local.pop(key, None)
        if entry["size"] <= settings.PAGECACHE_LOCAL_BYTES:
            _local[key] = entry
        total = sum(copy["size"] for copy in list(_local.values()))
        while len(_local) > settings.PAGECACHE_LOCAL_ENTRIES or total > settings.PAGECACHE_LOCAL_BYTES:
            total -= _local.popitem(last=False)[1]["size"]


def _current_entry(key: str) -> dict | None:
    """The entry while its tags hold: this process's copy while the epoch holds, else the shared one."""
    cache = _cache()
    _after_outage(cache)
    copy, now = _local.get(key), time.time()
    if copy is not None and copy["until"] > now and copy["epoch"] == _watch.epoch(cache):
        with _local_lock, contextlib.suppress(KeyError):
            _local.move_to_end(key)
        return copy
    entry = cache.get(key)
    current = entry and entry["until"] > now and cache.get_many([EPOCH_KEY, *entry["tags"]])
    epoch = current and current.pop(EPOCH_KEY, None)
    if not current or current != entry["tags"] or _after_outage(cache):
        _local.pop(key, None)
        return None
    if epoch:
        _copy(key, {**entry, "epoch": epoch})
    return entry


def _rendered(request, key: str, compute: Callable, tags=(), ruled=True) -> dict:
    """``compute()``'s value, stored under ``key`` with what it recorded (and ``tags``)."""
    outer = getattr(request, "_pagecache_tags", None), vars(request).pop("_pagecache_until", None)
    request._pagecache_tags, epoch = set(tags), _watch.epoch(_cache())
    try:
        value = compute()
        recorded, changes_at = request._pagecache_tags, vars(request).pop("_pagecache_until", None)
    finally:
        request._pagecache_tags = outer[0]
        if outer[1] is not None:
            request._pagecache_until = outer[1]
    entry = {"value": value, "recorded": sorted(recorded), "changes_at": changes_at}
    entry["until"] = _end(changes_at, *[rule() for rule in _expiry_rules if ruled])
    _keep(key, entry, recorded, epoch)
    return entry


def _end(*moments: datetime.datetime | None) -> float:
    return min([time.time() + settings.PAGECACHE_TIMEOUT, *[m.timestamp() for m in moments if m]])


def remember(name: str, tags, compute: Callable[[], object], stale=lambda value: False, ruled=False):
    """``compute()``'s value while ``tags`` hold (``ruled``: and the expiry rules), unless ``stale``."""
    key = f"{PART_PREFIX}{settings.PAGECACHE_RELEASE}:{name}"
    entry = _current_entry(key)
    if entry is None or stale(entry["value"]):
        entry = _rendered(HttpRequest(), key, compute, tags, ruled)
    return entry["value"]


def fragment(request: HttpRequest, name: str, compute: Callable[[], object]):
    """A part the same for whoever asks (``{% shared %}``); the page holding it records its tags."""
    if not getattr(settings, "PAGECACHE_FRAGMENTS", True):
        return compute()
    key = _part_key(request, name)
    entry = _current_entry(key) or _rendered(request, key, compute)
    record(request, *entry["recorded"])
    expire_at(request, entry["changes_at"])
    return entry["value"]


def peek(request: HttpRequest, name: str):
    """What ``fragment(request, name, …)`` would answer now without computing, else None."""
    if getattr(settings, "PAGECACHE_FRAGMENTS", True) and (entry := _current_entry(_part_key(request, name))):
        return entry["value"]
    return None


def _part_key(request: HttpRequest, name: str) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = "\n".join([request.scheme, request.get_host(), name, language, settings.PAGECACHE_RELEASE])
    return PART_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def is_reader_request(request: HttpRequest) -> bool:
    """Whether this request may get (and fill) the shared page: anonymous, no state."""
    if not getattr(settings, "PAGECACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
        return False
    cookies = {settings.SESSION_COOKIE_NAME, "messages", *getattr(settings, "PAGECACHE_BYPASS_COOKIES", ())}
    return cookies.isdisjoint(request.COOKIES)


def kept_query(request: HttpRequest) -> QueryDict:
    """The query parameters pages use (others, e.g. utm_*, change nothing): all the key holds,
    so all a stored page's own links (pagination, language switcher) may repeat."""
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in settings.PAGECACHE_QUERY_PARAMS:
            kept.setlist(name, values)
    return kept


def page_key(request: HttpRequest) -> str:
    """Host, path, language and the kept query parameters."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request)
    query = request.META.get("QUERY_STRING") and sorted(kept_query(request).lists())
    release = settings.PAGECACHE_RELEASE  # a new deployment renders its own markup
    raw = "\n".join([request.scheme, request.get_host(), request.path, language, repr(query or []), release])
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def serve(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The cached page for an anonymous reader, or ``render()``'s, stored for the next one."""
    if not is_reader_request(request):
        response = render()
        add_never_cache_headers(response)
        response["X-Page-Cache"] = "bypass"
        return response
    key = request._pagecache_key = page_key(request)  # the middleware keeps the final headers
    # The middleware may have looked this key up a moment ago.
    if getattr(request, "_pagecache_missed", None) != key and (entry := _current_entry(key)):
        return _from_entry(request, entry)
    request._pagecache_tags, epoch = set(), _watch.epoch(_cache())
    response = render()
    if callable(getattr(response, "render", None)):
        response = response.render()
    return _store(request, key, response, epoch)


def _store(request: HttpRequest, key: str, response: HttpResponse, epoch: str | None) -> HttpResponse:
    """Keep a page just rendered, unless it is not the same for every reader."""
    session = getattr(request, "session", None)
    private = "private" in response.get("Cache-Control", "") or (session and session.modified)
    if response.status_code != 200 or response.streaming or response.cookies or private:
        add_never_cache_headers(response)
        response["X-Page-Cache"] = "skip"
        return response
    until = _end(getattr(request, "_pagecache_until", None), *[rule() for rule in _expiry_rules])
    edge_headers = edge.tag_headers({*request._pagecache_tags, EVERYTHING})
    if edge_headers:  # an edge is configured and the tags fit
        _purge_earlier_releases()
    for name, value in (edge_headers or {}).items():
        response[name] = value
    # The page differs by language (header or cookie); hits are gzipped for clients that take it.
    patch_vary_headers(response, ["Accept-Language", "Cookie", "Accept-Encoding"])
    response["X-Page-Cache"] = "miss"
    set_response_etag(response)  # of the body, once: every hit's 304s (ConditionalGetMiddleware) compare it
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS]
    entry = {"until": until, "parts": _holes(response.content), "headers": headers}
    entry["csrf"] = any(part[0] == CSRF_FIELD for part in entry["parts"] if isinstance(part, tuple))
    entry["shared"] = edge_headers is not None  # the edge can purge it: it may keep it
    kept = _keep(key, entry, request._pagecache_tags, epoch) and entry["shared"]
    _set_cache_control(response, until - time.time() if kept else 0, private=entry["csrf"])
    return response


def _purge_earlier_releases() -> None:
    """The first page a release keeps at the edge purges the pages earlier releases left there."""
    if settings.PAGECACHE_RELEASE not in _releases_seen:
        _releases_seen.add(settings.PAGECACHE_RELEASE)
        if _cache().add(f"pagecache:release:{settings.PAGECACHE_RELEASE}", True, timeout=None):
            edge.purge([EVERYTHING])


def _from_entry(request: HttpRequest, entry: dict, headers=None) -> HttpResponse:
    body, compressed = _body(request, entry)
    response = HttpResponse(compressed or body)
    for name, value in headers or entry["headers"]:
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
        if response.has_header("ETag"):
            response["ETag"] = re.sub(r'^"', 'W/"', response["ETag"])  # as GZipMiddleware
    response["Content-Length"] = str(len(response.content))
    _set_cache_control(response, (entry["until"] - time.time()) * entry["shared"], private=entry["csrf"])
    response["X-Page-Cache"] = "hit"
    return response


def _body(request: HttpRequest, entry: dict) -> tuple[bytes, bytes | None]:
    """The page with this reader's field values, and its gzip (never with a CSRF token: BREACH)."""
    values = [_fresh_fields[part[0]](request, part[1]) for part in entry["parts"] if isinstance(part, tuple)]
    if (last := entry.get("last_body")) is None or last[0] != values:
        fills = iter(values)
        filled = b"".join(
            p if isinstance(p, bytes) else html.escape(next(fills)).encode() for p in entry["parts"]
        )
        last = entry["last_body"] = [values, filled, None]
    if entry["csrf"] or "gzip" not in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        return last[1], None
    last[2] = last[2] or gzip.compress(last[1], compresslevel=6, mtime=0)
    return last[1], last[2]


def _holes(body: bytes) -> list[bytes | tuple[str, str]]:
    """``body`` cut around the values of the fields in ``_fresh_fields``: text, (name, value), text…"""
    names = b"|".join(re.escape(name.encode()) for name in _fresh_fields) or b"(?!)"
    parts, position = [], 0
    for match in re.finditer(rb'name="(' + names + rb')" value="([^"]*)"', body):
        parts += [body[position : match.start(2)], (match[1].decode(), html.unescape(match[2].decode()))]
        position = match.end(2)
    return [*parts, body[position:]]


def fill_fresh_fields(request: HttpRequest, text: str) -> str:
    """A shared part's HTML with its per-reader field values made for this request."""
    return mark_safe(_body(request, {"parts": _holes(text.encode()), "csrf": True})[0].decode())


def _set_cache_control(response: HttpResponse, lifetime: float, private: bool) -> None:
    """Browsers revalidate each time; shared caches keep it, never with a reader's CSRF token."""
    shared = max(0, min(int(lifetime), settings.PAGECACHE_SHARED_MAX_AGE))
    public = f"public, max-age=0, must-revalidate, s-maxage={shared}"
    response["Cache-Control"] = "private, no-cache, max-age=0" if private else public


class PageCacheMiddleware:
    """Answers from this process's copy, before the rest of the stack, with the headers it added
    last time; pages with a CSRF token and plain HTTP where HTTPS is required go down the stack."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional = ConditionalGetMiddleware(get_response).process_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        secure_enough = request.is_secure() or not settings.SECURE_SSL_REDIRECT
        key = page_key(request) if secure_enough and is_reader_request(request) else None
        if key in _local and "final_headers" in _local[key]:
            if (entry := _current_entry(key)) is None:
                request._pagecache_missed = key  # the view need not look again
            elif not entry["csrf"] and "final_headers" in entry:
                response = _from_entry(request, entry, entry["final_headers"])
                conditional = not {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"}.isdisjoint(request.META)
                return self.conditional(request, response) if conditional else response
        response = self.get_response(request)
        copy = _local.get(key) if key and getattr(request, "_pagecache_key", None) == key else None
        if (
            copy is not None
            and response.get("X-Page-Cache") in ("hit", "miss")
            and "Content-Encoding" not in response
        ):
            copy["final_headers"] = [
                (k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS
            ]
        return response
