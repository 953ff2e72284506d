"""WordPress authors → our authors (without a login; an editor links a user in the admin)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.text import slugify

from articles.models import Author

from .. import wxr
from ..formatting import plain_text
from ..models import ImportedObject
from .mapping import Mapping, digest
from .slugs import unique_slug

if TYPE_CHECKING:
    from . import Importer

# What no login or name holds: markup debris such as the ">" of a malformed <dc:creator>.
_STRAY = re.compile(r"[<>\"]+")


def clean_name(value: str) -> str:
    """A name or login with tags, entities and stray angle brackets removed."""
    return " ".join(_STRAY.sub(" ", plain_text(value)).split())


def display_name(record: wxr.Author) -> str:
    full = clean_name(f"{record.first_name} {record.last_name}")
    return clean_name(record.display_name) or full or clean_name(record.login)


def sync_authors(importer: Importer, records: list[wxr.Author]) -> None:
    """Create or update the authors of the export's author list."""
    records = list({r.login: r for r in records if r.login and r.login not in importer.authors}.values())
    if not records:
        return
    report = importer.report
    mapping = Mapping(ImportedObject.Kind.AUTHOR, Author, (r.login for r in records))
    wanted_slugs = {r.login: slugify(display_name(r), allow_unicode=True) for r in records}
    by_slug = {a.slug: a for a in Author.objects.filter(slug__in=wanted_slugs.values())}
    taken = set(by_slug)
    new, changed, objects = [], [], {}
    for record in records:
        name = display_name(record)[:120]
        fingerprint = digest(name)
        author, write = mapping.compare(record.login, fingerprint, report, "authors")
        if author is not None:
            if write:
                author.name = name
                changed.append(author)
        else:
            # Someone with this byline already writes here: the WordPress author is them.
            author = by_slug.get(wanted_slugs[record.login])
            if author is None:
                slug = unique_slug(wanted_slugs[record.login] or "author", taken, 120)
                author = Author(name=name, slug=slug)
                new.append(author)
                report.created["authors"] += 1
            else:
                report.unchanged["authors"] += 1
        objects[record.login] = author
        mapping.record(record.login, author, fingerprint)
        mapping.redirect(f"/author/{slugify(record.login, allow_unicode=True)}/", record.login)
    Author.objects.bulk_create(new)
    Author.objects.bulk_update(changed, ["name"])
    mapping.save()
    for login, author in objects.items():
        importer.authors[login] = author.pk
        importer.author_names[clean_name(login).casefold()] = login
        importer.author_names[author.name.casefold()] = login


def creator_login(importer: Importer, item: wxr.Item) -> str | None:
    """The login of the post's author, read from its ``<dc:creator>``.

    The export's author list is authoritative: a malformed creator
    (``>themereviewteam``) is cleaned and matched against it by login or name,
    never turned into a new author. Only an export without an author list
    (some plugins write one) creates authors from the posts.
    """
    raw = item.creator
    if not raw:
        return None
    if raw in importer.authors:
        return raw
    cleaned = clean_name(raw)
    login = importer.author_names.get(cleaned.casefold())
    if login is not None:
        return login
    if importer.has_author_list or not cleaned:
        importer.report.skipped["bylines naming no author of the export"] += 1
        importer.report.warn(
            f"Post {item.wp_id} names the author {raw!r}, who is not in the export's author list; "
            "it has no byline (add one in the admin)."
        )
        return None
    sync_authors(importer, [wxr.Author(login=cleaned)])
    return cleaned
