"""Rows of the tax exchange file (docs/exchange/tax.md)."""

from __future__ import annotations

from ..fields import CreditCode, Money, OptionalText, PastMonth, PersonRow


class WageRow(PersonRow):
    credit_code: CreditCode
    employer_name: OptionalText(200) = ""
    month: PastMonth
    amount: Money(12)
