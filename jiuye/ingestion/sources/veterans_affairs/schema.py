"""Rows of the veterans affairs exchange file (docs/exchange/veterans_affairs.md)."""

from __future__ import annotations

from pydantic import field_validator

from ..fields import OptionalDivisionCode, OptionalPastDate, OptionalPhone, PastDate, PersonRow, not_before


class VeteranRow(PersonRow):
    phone: OptionalPhone = ""
    division_code: OptionalDivisionCode = ""
    enlisted_on: OptionalPastDate = None
    discharge_date: PastDate

    _discharged_after_enlisting = field_validator("discharge_date")(
        not_before("enlisted_on", zh="入伍时间", en="enlistment date")
    )
