"""Occupation coding in the workflow: suggestions for a title, the staff confirmation queue, confirmations that
teach the coder.

The pure coder (`jiuye.jobs.coding`) is built once per process from the 大典 2022 list in the reference data dir
(`settings.JIUYE_OCCUPATION_REFDATA`, else `settings.JIUYE_REFDATA`), lazily, with every stored staff confirmation
imported. Only level-4 (细类) occupations are suggested.

English titles. When the English coder has been built (`python -m jiuye.jobs.coding.english build`, run by
`make demo`; saved to var/coder/en-dadian.pkl, path in `settings.JIUYE_ENGLISH_CODER`), an English title is coded
to O*NET-SOC (TF-IDF and sentence-embedding neighbours, SOC group SVMs) and carried to 大典 细类 by our hand-written
crosswalk (coding/crosswalk.py; no official SOC or ISCO → 大典 crosswalk exists in the reference data). Its
confidence has its own threshold, EN_CONFIRM_BELOW, calibrated on real English posting titles labelled blind; no
threshold is good enough yet, so English titles still go to staff, now with useful suggestions.
Without the built coder, English titles go through the 大典 coder, which knows English only through the few Latin
words of its seed lexicon; their confidence is then capped just below CONFIRM_BELOW, so they go to staff until a
confirmation for that title exists (a confirmed title, in any language, is returned with confidence 1.0).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.core.artefacts import load_once
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.taxonomy.models import Occupation

from . import signals
from .coding import TitleCoder, build_dadian_coder, english, normalise
from .enums import PostingStatus
from .models import JobPosting, OccupationCodedBy, OccupationTitleReview, ReviewStatus

# Calibration, from the coder's top-1 confidence on its labelled data (tests/jobs/data/zh_titles_labelled.csv,
# 431 posting titles, the set bench/occupation_coding.py scores; measured 2026-11-28, names + seed lexicon):
#   confidence ≥ 0.20: 410 titles, 92.4% right    < 0.20:  21 titles, 38.1% right
#   confidence ≥ 0.30: 383 titles, 92.7% right    < 0.30:  48 titles, 66.7% right
#   confidence ≥ 0.40: 341 titles, 93.3% right    < 0.40:  90 titles, 76.7% right
#   confidence ≥ 0.60: 137 titles, 94.9% right    < 0.60: 294 titles, 87.4% right
# Above 0.2 precision is flat (92–95%): a higher bar sends many more right codes to staff without making the
# automatic ones better. Below 0.3 the coder is right only two times in three. 0.3 keeps 89% of titles automatic at
# ~93% precision and sends staff the band where a third are wrong. The labelled set is mostly IT and office titles,
# so this calibration is narrow; staff confirmations are the correction for the rest.
CONFIRM_BELOW = 0.30
# English titles without the built English coder are not calibrated at all (see the module docstring): at most
# this, so they always go to staff.
UNCALIBRATED_CAP = round(CONFIRM_BELOW - 0.01, 2)
# English titles through the SOC coder and the crosswalk: automatic from this confidence (calibrated there; above 1
# at present, so English titles always go to staff, with far better suggestions than the 大典 coder's guess).
EN_CONFIRM_BELOW = english.CONFIRM_BELOW

DADIAN_FLAT = Path("china-occupation-classification") / "occupations_2022_flat.csv"
_CJK = re.compile(r"[\u3400-\u9fff]")
_KEY_MAX = 200


@dataclass(frozen=True)
class OccupationSuggestion:
    occupation: Occupation
    confidence: float
    # Below this the title goes to staff: each path into 大典 has its own calibration.
    confirm_below: float = CONFIRM_BELOW


# --- the coder, once per process ---------------------------------------------------------------------------

_lock = threading.RLock()
_state: dict[str, Any] = {}
# Other processes (web workers) confirm titles too: their confirmations are picked up this often.
SYNC_SECONDS = 60.0


def reference_dir() -> Path:
    return Path(getattr(settings, "JIUYE_OCCUPATION_REFDATA", None) or settings.JIUYE_REFDATA)


def _build(root: Path) -> TitleCoder:
    path = root / DADIAN_FLAT
    return TitleCoder(build_dadian_coder(path) if path.exists() else None, None)


def _teach(coder: TitleCoder, title: str, code: str) -> bool:
    """Add one confirmation to the live coder, once per (title key, code); an English title's also to the English
    coder when it is loaded."""
    en = _state.get("english")
    if en is not None and is_english(title):
        en.add_confirmation(title, code)  # idempotent
    zh = coder.coders.get("zh")
    mark = (title_key(title), code)
    if zh is None or code not in zh.names or mark in _state["taught"]:
        return False
    coder.add_confirmation(title, code, "zh")
    _state["taught"].add(mark)
    return True


def _sync(coder: TitleCoder) -> None:
    """Import the stored confirmations this process has not taught its coder yet (all of them the first time)."""
    since = _state.get("synced_until")
    qs = OccupationTitleReview.objects.confirmed().filter(occupation__isnull=False)
    if since is not None:
        qs = qs.filter(confirmed_at__gte=since)
    started = timezone.now()
    try:
        rows = list(qs.order_by("confirmed_at").values_list("title", "occupation__code"))
    except DatabaseError:  # tables not there yet (migrate); try again next time
        return
    for title, code in rows:
        _teach(coder, title, code)
    _state["synced_until"] = started - dt.timedelta(seconds=5)  # a little overlap; _teach skips repeats
    _state["synced_at"] = time.monotonic()


def get_coder() -> TitleCoder:
    """The live coder: built on first use (about 2 s), then shared by the process. Stored staff confirmations
    are imported at load and, every SYNC_SECONDS, those made since (by other processes)."""
    root = reference_dir()
    with _lock:
        if _state.get("coder") is None or _state.get("dir") != root:
            _state.clear()
            _state.update(coder=_build(root), dir=root, taught=set())
        coder: TitleCoder = _state["coder"]
        if time.monotonic() - _state.get("synced_at", -1e9) >= SYNC_SECONDS:
            _sync(coder)
        return coder


_english: dict[str, Any] = {}


def _english_with_confirmations():
    """The English coder, taught every stored staff confirmation of an English title when first seen here; later
    confirmations reach it through `_teach` (this process's and, every SYNC_SECONDS, other processes')."""
    en = english_coder()
    if en is None:
        return None
    get_coder()  # imports confirmations made since the last sync (teaching the English coder too)
    with _lock:
        if _state.get("english") is not en:
            _state["english"] = en
            rows = (
                OccupationTitleReview.objects.confirmed()
                .filter(occupation__isnull=False)
                .values_list("title", "occupation__code")
            )
            for title, code in rows:
                if is_english(title):
                    en.add_confirmation(title, code)
    return en


def english_coder():
    """The English → 大典 coder (coding/english.py), loaded once per process from `settings.JIUYE_ENGLISH_CODER`
    (default var/coder/en-dadian.pkl); None when it has not been built."""
    return load_once(
        _english,
        "JIUYE_ENGLISH_CODER",
        english.DEFAULT_MODEL_PATH,
        english.EnglishCoder.load,
        "English occupation",
        "English titles go to staff with the 大典 coder's guess",
    )


def reset_coder() -> None:
    """Forget the live coder (the next call rebuilds it and re-imports the stored confirmations)."""
    with _lock:
        _state.clear()


def title_key(title: str) -> str:
    return normalise(title or "")[:_KEY_MAX]


def is_english(title: str) -> bool:
    return not _CJK.search(title or "")


# --- suggestions -------------------------------------------------------------------------------------------


def _confirmed(key: str) -> Occupation | None:
    review = (
        OccupationTitleReview.objects.confirmed()
        .filter(key=key, occupation__isnull=False)
        .select_related("occupation")
        .first()
    )
    return review.occupation if review else None


def suggest_occupations(title: str, *, top: int = 3) -> list[OccupationSuggestion]:
    """Level-4 occupations for a Chinese or English job title, most confident first (at most `top`)."""
    key = title_key(title)
    if not key or top < 1:
        return []
    confirmed = _confirmed(key)
    out: list[OccupationSuggestion] = [OccupationSuggestion(confirmed, 1.0)] if confirmed else []
    en = _english_with_confirmations() if is_english(title) else None
    if en is not None:
        candidates = en.code_title(title, top=top + 5)
        cap, bar = 1.0, EN_CONFIRM_BELOW
    else:
        coder = get_coder()
        if coder.coders.get("zh") is None:
            return out
        candidates = [c for c in coder.code_title(title, lang="zh", top=top + 5) if c.level == 4]
        cap, bar = (UNCALIBRATED_CAP if is_english(title) else 1.0), CONFIRM_BELOW
    by_code = Occupation.objects.filter(level=4).in_bulk([c.code for c in candidates], field_name="code")
    for cand in candidates:
        occ = by_code.get(cand.code)
        if occ is None or (confirmed and occ.pk == confirmed.pk):
            continue
        out.append(OccupationSuggestion(occ, round(min(cand.confidence, cap), 4), bar))
        if len(out) >= top:
            break
    return out[:top]


def confirm_below_for(title: str) -> float:
    """The confidence below which a suggestion for this title goes to staff (each path into 大典 has its own)."""
    if is_english(title) and english_coder() is not None:
        return EN_CONFIRM_BELOW
    return CONFIRM_BELOW


def needs_confirmation(suggestion: OccupationSuggestion | None) -> bool:
    return suggestion is None or suggestion.confidence < suggestion.confirm_below


def _add_source(sources: str, source: str) -> str:
    items = [s for s in sources.split(",") if s]
    if source and source not in items:
        items.append(source)
    return ",".join(items)[:100]


def code_title(title: str, *, source: str) -> OccupationSuggestion | None:
    """The best suggestion for a title. When there is none or it is below its confirm_below, the title enters the
    staff queue (one entry per normalised title, counting the records seen and where they came from)."""
    key = title_key(title)
    if not key:
        return None
    suggestions = suggest_occupations(title, top=1)
    best = suggestions[0] if suggestions else None
    if needs_confirmation(best):
        _enqueue(title, key, source, best)
    return best


def _enqueue(title: str, key: str, source: str, best: OccupationSuggestion | None) -> None:
    with transaction.atomic():
        review, created = OccupationTitleReview.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "title": title[:200],
                "sources": _add_source("", source),
                "seen": 1,
                "suggested": best.occupation if best else None,
                "suggested_confidence": best.confidence if best else None,
            },
        )
        if created or review.status != ReviewStatus.OPEN:
            return
        review.seen += 1
        review.sources = _add_source(review.sources, source)
        review.suggested = best.occupation if best else None
        review.suggested_confidence = best.confidence if best else None
        review.save(update_fields=["seen", "sources", "suggested", "suggested_confidence", "updated_at"])


def search_occupations(query: str, *, limit: int = 20):
    """Level-4 occupations whose code starts with, or whose name contains, `query` (for picking by hand)."""
    query = (query or "").strip()
    if not query:
        return Occupation.objects.none()
    return (
        Occupation.objects.filter(level=4)
        .filter(Q(code__startswith=query) | Q(name_zh__icontains=query) | Q(name_en__icontains=query))
        .order_by("code")[:limit]
    )


# --- confirmations -----------------------------------------------------------------------------------------


class ConfirmationError(ValueError):
    pass


def affected_postings(key: str, user: Any = None):
    """Postings a confirmation of `key` would re-code: same title, no occupation yet or coded automatically."""
    qs = JobPosting.objects.visible_to(user) if user is not None else JobPosting.objects.all()
    return (
        qs.filter(title_key=key)
        .filter(Q(occupation__isnull=True) | Q(occupation_coded_by=OccupationCodedBy.AUTO))
        .exclude(status__in=[PostingStatus.CLOSED, PostingStatus.WITHDRAWN])
    )


def affected_counts(keys, user: Any) -> dict[str, int]:
    """For each title key: how many postings in the user's area a confirmation would re-code."""
    from django.db.models import Count

    if not keys:
        return {}
    rows = _affected(user).filter(title_key__in=list(keys)).values("title_key").annotate(n=Count("pk"))
    return {r["title_key"]: r["n"] for r in rows}


def _affected(user: Any = None):
    qs = JobPosting.objects.visible_to(user) if user is not None else JobPosting.objects.all()
    return qs.filter(Q(occupation__isnull=True) | Q(occupation_coded_by=OccupationCodedBy.AUTO)).exclude(
        status__in=[PostingStatus.CLOSED, PostingStatus.WITHDRAWN]
    )


def confirm_title(title: str, occupation: Occupation, *, by: Any) -> OccupationTitleReview:
    """Staff confirm (or correct) the occupation of a title: stored, taught to the live coder, postings with this
    title that have no occupation or an automatic one re-coded, `occupation_title_confirmed` sent, audited."""
    if by is not None and not (getattr(by, "is_staff_role", False) or getattr(by, "is_superuser", False)):
        raise ConfirmationError(_("Only staff can confirm occupations."))
    if occupation is None or occupation.level != 4:
        raise ConfirmationError(
            _("Choose a detailed occupation (level 4 of the classification), not a group.")
        )
    key = title_key(title)
    if not key:
        raise ConfirmationError(_("Give the job a title."))
    now = timezone.now()
    actor = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        review, _created = OccupationTitleReview.objects.select_for_update().get_or_create(
            key=key, defaults={"title": title[:200]}
        )
        previous = review.occupation.code if review.occupation_id else None
        review.status = ReviewStatus.CONFIRMED
        review.occupation = occupation
        review.confirmed_by = actor
        review.confirmed_at = now
        review.save()
        ids = list(affected_postings(key).values_list("pk", flat=True))
        JobPosting.objects.filter(pk__in=ids).update(
            occupation=occupation,
            occupation_confidence=1.0,
            occupation_coded_by=OccupationCodedBy.STAFF,
            updated_at=now,
        )
        record_event(
            review,
            actor=by,
            kind=EventKind.RECORD_UPDATED,
            data={
                "action": "occupation_confirmed",
                "key": key,
                "occupation": occupation.code,
                "previous": previous,
                "postings_recoded": ids,
            },
        )
    coder = get_coder()
    with _lock:
        _teach(coder, title, occupation.code)
    signals.occupation_title_confirmed.send(
        sender=OccupationTitleReview, title=title, key=key, occupation=occupation
    )
    return review
