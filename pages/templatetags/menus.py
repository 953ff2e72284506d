from django import template

from ..menus import shared_menus

register = template.Library()


@register.inclusion_tag("includes/_menu.html", takes_context=True)
def site_menu(context, location: str, css_class: str = ""):
    """The menu editors arranged for ``location`` (main, footer); nothing if it has no links."""
    request = context.get("request")
    menu = shared_menus(request).get(location) if request is not None else None
    return {
        "menu": menu,
        "location": location,
        "css_class": css_class or f"{location}-menu",
        "current_path": request.path if request is not None else "",
        "home": location == "main",
    }
