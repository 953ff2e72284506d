"""WordPress categories and tags → our categories (with their tree) and taggit tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Category

from .. import wxr
from ..formatting import plain_text
from ..models import ImportedObject
from .mapping import Mapping, digest
from .slugs import unique_slug

if TYPE_CHECKING:
    from . import Importer

Kind = ImportedObject.Kind


def sync_terms(importer: Importer, records: list[wxr.Term], kind: str) -> None:
    """Categories or tags, declared in the channel or only named on posts, each once."""
    cache = importer.categories if kind == Kind.CATEGORY else importer.tags
    unique: dict[str, wxr.Term] = {}
    for record in records:
        if not record.slug:
            record.slug = slugify(record.name, allow_unicode=True)
        if record.slug and record.slug not in cache:
            previous = unique.get(record.slug)
            # A term declared in the channel beats the bare mention on a post.
            if previous is None or (record.wp_id and not previous.wp_id):
                unique[record.slug] = record
    if not unique:
        return
    if kind == Kind.CATEGORY:
        _sync_categories(importer, list(unique.values()))
    else:
        _sync_tags(importer, list(unique.values()))


def _sync_categories(importer: Importer, records: list[wxr.Term]) -> None:
    report = importer.report
    mapping = Mapping(Kind.CATEGORY, Category, (r.slug for r in records))
    wanted = {
        r.slug: slugify(r.slug, allow_unicode=True)[:100] or slugify(r.name, allow_unicode=True)[:100]
        for r in records
    }
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=wanted.values())}
    taken = set(by_slug)
    new, changed, objects = [], [], {}
    for record in records:
        name = plain_text(record.name)[:100] or plain_text(record.slug)[:100]
        description = plain_text(record.description)
        fingerprint = digest(name, description, record.parent_slug)
        if not record.wp_id and record.slug in mapping.rows:
            fingerprint = mapping.rows[record.slug].digest  # a bare mention on a post says nothing new
        category, write = mapping.compare(record.slug, fingerprint, report, "categories")
        if category is not None:
            if write:
                category.name, category.description = name, description
                changed.append(category)
        else:
            category = by_slug.get(wanted[record.slug])
            if category is None:
                slug = unique_slug(wanted[record.slug] or "category", taken, 100)
                category = Category(name=name, slug=slug, description=description)
                new.append(category)
                report.created["categories"] += 1
            else:
                report.unchanged["categories"] += 1
        objects[record.slug] = category
        mapping.record(record.slug, category, fingerprint)
    Category.objects.bulk_create(new)
    for record in records:
        importer.categories[record.slug] = objects[record.slug].pk
        if record.wp_id:
            importer.category_terms[record.wp_id] = objects[record.slug].pk
            importer.category_records[record.slug] = record
    # Parents may be declared after their children: link them once all exist.
    # A category that existed here keeps its place unless WordPress names a parent.
    tree = dict(Category.objects.values_list("pk", "parent_id"))
    parented = []
    for record in records:
        category = objects[record.slug]
        parent_id = importer.categories.get(record.parent_slug) if record.parent_slug else None
        if parent_id is None or category.parent_id == parent_id or _is_below(tree, parent_id, category.pk):
            continue
        category.parent_id = tree[category.pk] = parent_id
        parented.append(category)
    Category.objects.bulk_update(changed, ["name", "description"])
    Category.objects.bulk_update(parented, ["parent"])
    for record in records:
        mapping.redirect(f"/category/{category_path(importer, record.slug)}/", record.slug)
        if record.wp_id:
            mapping.redirect(f"/?cat={record.wp_id}", record.slug)
    mapping.save()


def _is_below(tree: dict[int, int | None], node: int | None, ancestor: int) -> bool:
    """Whether ``node`` is ``ancestor`` or sits under it (so linking would make a loop)."""
    seen = set()
    while node is not None and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        node = tree.get(node)
    return False


def category_path(importer: Importer, slug: str) -> str:
    """WordPress's hierarchical category address: parent/child/grandchild."""
    chain, seen = [slug.lower()], {slug}
    record = importer.category_records.get(slug)
    while record is not None and record.parent_slug and record.parent_slug not in seen:
        chain.insert(0, record.parent_slug.lower())
        seen.add(record.parent_slug)
        record = importer.category_records.get(record.parent_slug)
    return "/".join(chain)


def _sync_tags(importer: Importer, records: list[wxr.Term]) -> None:
    """Tags are told apart by slug, as in WordPress: two tags named alike stay two tags.

    taggit wants unique names, so the second of two same-named tags is
    named with its slug in brackets, which editors can see and change.
    """
    report = importer.report
    mapping = Mapping(Kind.TAG, Tag, (r.slug for r in records))
    names = {r.slug: (plain_text(r.name) or plain_text(r.slug))[:100] for r in records}
    wanted = {
        r.slug: slugify(r.slug, allow_unicode=True)[:100] or slugify(names[r.slug], allow_unicode=True)
        for r in records
    }
    by_slug = {t.slug: t for t in Tag.objects.filter(slug__in=wanted.values())}
    taken_names = set(Tag.objects.filter(name__in=names.values()).values_list("name", flat=True))
    taken_slugs = set(by_slug)
    new, objects = [], {}
    for record in records:
        tag, _write = mapping.compare(record.slug, "", report, "tags")
        if tag is None:
            tag = by_slug.get(wanted[record.slug])
            if tag is None:
                tag = Tag(
                    name=_unique_name(names[record.slug], wanted[record.slug], taken_names),
                    slug=unique_slug(wanted[record.slug] or "tag", taken_slugs, 100),
                )
                new.append(tag)
                report.created["tags"] += 1
            else:
                report.unchanged["tags"] += 1
        objects[record.slug] = tag
        mapping.record(record.slug, tag, "")
        mapping.redirect(f"/tag/{record.slug.lower()}/", record.slug)
        mapping.redirect(f"/?tag={record.slug}", record.slug)
    Tag.objects.bulk_create(new)
    for record in records:
        importer.tags[record.slug] = objects[record.slug].pk
        if record.wp_id:
            importer.tag_terms[record.wp_id] = objects[record.slug].slug
    mapping.save()


def _unique_name(name: str, slug: str, taken: set[str]) -> str:
    candidate, n = name, 2
    if candidate in taken:
        candidate = f"{name[: 96 - len(slug)]} ({slug})"
    while candidate in taken:
        candidate, n = f"{name[:90]} ({n})", n + 1
    taken.add(candidate)
    return candidate
