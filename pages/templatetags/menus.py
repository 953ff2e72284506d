from django import template

from ..menus import mark_current, shared_menus

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context, location: str) -> str:
    """The menu editors arranged for ``location`` (main, footer), this page's link marked; nothing
    if it has no links."""
    if (request := context.get("request")) is None:
        return ""
    return mark_current(shared_menus(request).get(location, ""), request.path)
