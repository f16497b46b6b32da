"""The person page's provenance section: which department reported each field, and when."""

from django import template

from jiuye.registry.linking import golden_record
from jiuye.web.display import shows_full_names

register = template.Library()


@register.inclusion_tag("web/linking/_provenance.html", takes_context=True)
def person_provenance(context, person):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "person": person,
        "rows": golden_record(person, full_names=shows_full_names(user, person)),
        "can_merge": bool(getattr(user, "works_on_cases", False)),
    }
