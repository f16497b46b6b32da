"""Who may change the library's person clusters. Pure checks on loaded objects: no queries.

Linking a department record to a person, merging two persons and undoing a merge change whose data
a person's record holds, so they are case work: only roles that work on individual records
(`user.works_on_cases`), and only for persons inside the user's area. Analysts and leaders, who read
masked aggregates, may not.
"""

from __future__ import annotations

from typing import Any


def in_scope(user: Any, division_path: str) -> bool:
    """The same rule as `visible_to`, on a division path already at hand."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "sees_everything", False):
        return True
    scope = getattr(user, "scope_path", "")
    if not scope or not division_path:
        return False
    return division_path == scope or division_path.startswith(scope + "/")


def _person_path(person: Any) -> str:
    division = getattr(person, "division", None)
    return getattr(division, "path", "") or ""


def can_decide_review(user: Any, review: Any) -> bool:
    """Confirm or reject a possible match: a case role whose area holds the candidate person."""
    return bool(getattr(user, "works_on_cases", False)) and in_scope(user, _person_path(review.candidate))


def can_merge(user: Any, survivor: Any, absorbed: Any) -> bool:
    """Merge a duplicate into a record: a case role whose area holds both persons."""
    return (
        bool(getattr(user, "works_on_cases", False))
        and in_scope(user, _person_path(survivor))
        and in_scope(user, _person_path(absorbed))
    )


def can_unmerge(user: Any, merge: Any) -> bool:
    """Undo a merge: a case role whose area holds the surviving person and the absorbed one's residence."""
    absorbed_path = (merge.snapshot or {}).get("absorbed_division_path", "")
    return (
        bool(getattr(user, "works_on_cases", False))
        and in_scope(user, _person_path(merge.survivor))
        and in_scope(user, absorbed_path)
    )
