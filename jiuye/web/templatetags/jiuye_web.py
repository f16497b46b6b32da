from django import template

from jiuye.web.display import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context, person) -> str:
    """The person's name as the signed-in user may read it (full or masked)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return display_name(user, person)
