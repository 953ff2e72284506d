"""Where a library image is used, and who may change it.

An image is used as the featured image of anything that points at it (any
foreign key to ``Image``) and in the bodies that show it (``bodies``). Its
caption, credit, alt text and crops appear wherever it is used, so once
readers can see it, changing it is an editor's decision (the
``change_any_image`` permission); before that its uploader may still fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

from . import bodies

USES_LISTED = 50  # an image on more pages than this is listed in part


@dataclass(frozen=True)
class Use:
    item: models.Model
    featured: bool  # as the featured image, else in the body

    @property
    def is_public(self) -> bool:
        return getattr(self.item, "is_published", True)


def _featuring_fields() -> list[models.ForeignKey]:
    from .models import Image

    return [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is Image
    ]


def _users(image) -> list[tuple[models.QuerySet, bool]]:
    """One queryset per way a model may use ``image``, with whether it features it."""
    featuring = [
        (field.model._default_manager.filter(**{field.name: image}), True) for field in _featuring_fields()
    ]
    in_bodies = [(bodies.showing(model, image.key), False) for model in bodies.models_with_bodies()]
    return featuring + in_bodies


def uses(image, limit: int = USES_LISTED) -> list[Use]:
    found = []
    for queryset, featured in _users(image):
        found += [Use(item, featured) for item in queryset[: limit - len(found)]]
        if len(found) >= limit:
            break
    return found


def in_use() -> models.Q:
    """Images that something features or shows in its body, as one filter (a subquery per way)."""
    condition = models.Q()
    for field in _featuring_fields():
        condition |= models.Exists(field.model._default_manager.filter(**{field.name: models.OuterRef("pk")}))
    for model in bodies.models_with_bodies():
        condition |= models.Exists(bodies.showing(model, models.OuterRef("key")))
    return condition


def seen_by_readers(image) -> bool:
    """Whether anything readers can open shows ``image`` (models without a status are public)."""
    for queryset, _featured in _users(image):
        published = getattr(queryset, "published", None)
        if (published() if published else queryset).exists():
            return True
    return False


def may_change(user, image) -> bool:
    """Change rights on one library image (or on images in general when ``None``)."""
    if not user.has_perm("library.change_image"):
        return False
    if image is None or user.has_perm("library.change_any_image"):
        return True
    return image.uploaded_by_id == user.pk and not seen_by_readers(image)
