"""``{% shared "name" value… %}…{% endshared %}``: Django's ``{% cache %}`` kept until what it
records changes (``pagecache.fragment``). Views hand it lazy values: a kept part costs no query.

``{% kept_querystring page=2 %}``: Django's ``{% querystring %}`` for a page every reader shares.
"""

from django import template
from django.template.defaulttags import querystring
from django.utils.safestring import mark_safe

from newsroom import pagecache

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        if (request := context.get("request")) is None:
            return self.nodelist.render(context)
        name = ":".join(str(part.resolve(context)) for part in [self.name, *self.vary_on])
        return pagecache.fragment(request, name, lambda: mark_safe(self.nodelist.render(context)))


@register.tag
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% shared %} takes a name, then any values it varies on")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])


@register.simple_tag(takes_context=True)
def kept_querystring(context, **changes) -> str:
    """Only the query parameters the page's cache key holds: a stored page never repeats the
    first visitor's utm_source, fbclid or anything else they added, to every later reader."""
    return querystring(context, pagecache.kept_query(context.request), **changes)
