from django import template

from desk.home import sections_for

register = template.Library()


@register.inclusion_tag("admin/desk/_home.html", takes_context=True)
def newsroom_home(context):
    request = context["request"]
    user = request.user
    return {
        "sections": sections_for(user),
        "can_write": user.has_perm("articles.add_article"),
        "name": user.get_full_name() or user.get_username(),
    }
