from django import template

from newsroom import pagecache

from .. import invalidation as deps
from ..models import Article, Category

register = template.Library()


@register.inclusion_tag("includes/_main_menu.html", takes_context=True)
def main_menu(context):
    """The section menu: top-level categories, in their set order."""
    request = context.get("request")
    if request is not None:
        pagecache.record(request, deps.MENU)
    return {
        "categories": Category.objects.top_level(),
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("articles/_latest_box.html", takes_context=True)
def latest_articles(context, count: int = 5, exclude: Article | None = None):
    """A small "latest" box, read from the same published() rule as the views."""
    articles = Article.objects.published().select_related("primary_category")
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
    articles = list(articles[:count])
    if context.get("request") is not None:
        pagecache.record(context["request"], deps.PUBLISHED)
        deps.record_cards(context["request"], articles, bylines=False)
    return {"articles": articles}
