"""Template helpers for the accountability links on the case page."""
from django import template

from incidents.account.build import may_read_account

register = template.Library()


@register.simple_tag
def reads_account(user, case) -> bool:
    return may_read_account(user, case)
