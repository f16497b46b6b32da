"""The small language the rules are written in, with two interpreters.

A rule is a list of named conditions (all must hold) and benefit formulas, built from the pieces
below. Each piece evaluates two ways: ``scalar`` on one situation (a page, an application) and
``vector`` over columns (the nightly push). The two are separate code paths on purpose; the tests
and ``bench/policy_push.py`` check they decide identically.

Conditions are three-valued (Kleene logic): MET, UNMET, UNKNOWN. A comparison with a missing input
is UNKNOWN; ``All`` is UNMET if anything is unmet, else UNKNOWN if anything is unknown; ``Any`` is
MET if anything is met, else UNKNOWN if anything is unknown. With UNMET < UNKNOWN < MET that is
``min`` and ``max``, which is what the vector code does.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .parameters import as_number
from .situation import CATEGORIES, scalar_value

UNMET, UNKNOWN, MET = 0, 1, 2
STATE_NAMES = {UNMET: "unmet", UNKNOWN: "unknown", MET: "met"}

_OPS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def _split(v):
    """yyyymmdd → (year, month, day); works on ints and on float arrays alike."""
    return v // 10000, (v // 100) % 100, v % 100


# ------------------------------------------------------------------------------------- quantities


class Quantity:
    def scalar(self, ctx) -> float:
        raise NotImplementedError

    def vector(self, ctx) -> np.ndarray | float:
        raise NotImplementedError

    def fields(self) -> set[str]:
        return set()

    def params(self) -> set[str]:
        return set()


class F(Quantity):
    """A numeric field of the situation (bools as 0/1)."""

    def __init__(self, name: str):
        self.name = name

    def scalar(self, ctx):
        return scalar_value(ctx.situation, self.name)

    def vector(self, ctx):
        return ctx.columns[self.name]

    def fields(self):
        return {self.name}


class P(Quantity):
    """A numeric parameter in force on the date for the situation's division."""

    def __init__(self, name: str):
        self.name = name

    def scalar(self, ctx):
        return as_number(ctx.param(self.name))

    def vector(self, ctx):
        ids, values = ctx.variants(self.name)
        table = np.array([as_number(v) for v in values] + [math.nan])
        return table[ids]

    def params(self):
        return {self.name}


class Const(Quantity):
    def __init__(self, value: float):
        self.value = float(value)

    def scalar(self, ctx):
        return self.value

    def vector(self, ctx):
        return self.value


class AgeOn(Quantity):
    """Completed years of age on the evaluation date (a 29 February birthday is reached on 1 March)."""

    def __init__(self, name: str = "birth_date"):
        self.name = name

    def scalar(self, ctx):
        b = getattr(ctx.situation, self.name)
        if b is None:
            return math.nan
        return float((ctx.on_ymd - (b.year * 10000 + b.month * 100 + b.day)) // 10000)

    def vector(self, ctx):
        return np.floor_divide(ctx.on_ymd - ctx.columns[self.name], 10000)

    def fields(self):
        return {self.name}


class MonthsSince(Quantity):
    """Whole months from a date field to the evaluation date (negative if it is later)."""

    def __init__(self, name: str):
        self.name = name

    def scalar(self, ctx):
        d = getattr(ctx.situation, self.name)
        if d is None:
            return math.nan
        oy, om, od = ctx.on.year, ctx.on.month, ctx.on.day
        return float((oy - d.year) * 12 + (om - d.month) - (1 if od < d.day else 0))

    def vector(self, ctx):
        y, m, d = _split(ctx.columns[self.name])
        oy, om, od = ctx.on.year, ctx.on.month, ctx.on.day
        return (oy - y) * 12 + (om - m) - (od < d)

    def fields(self):
        return {self.name}


class MonthsSinceLeaving(Quantity):
    """Whole months from leaving school (1 July of the graduation year) to the evaluation date."""

    def __init__(self, name: str = "graduation_year"):
        self.name = name

    def scalar(self, ctx):
        y = getattr(ctx.situation, self.name)
        if y is None:
            return math.nan
        return float((ctx.on.year - y) * 12 + (ctx.on.month - 7))

    def vector(self, ctx):
        return (ctx.on.year - ctx.columns[self.name]) * 12 + (ctx.on.month - 7)

    def fields(self):
        return {self.name}


class Year(Quantity):
    """The calendar year of the evaluation date."""

    def scalar(self, ctx):
        return float(ctx.on.year)

    def vector(self, ctx):
        return float(ctx.on.year)


class _Binary(Quantity):
    op = None

    def __init__(self, a: Quantity, b: Quantity):
        self.a, self.b = a, b

    def fields(self):
        return self.a.fields() | self.b.fields()

    def params(self):
        return self.a.params() | self.b.params()


class Mul(_Binary):
    def scalar(self, ctx):
        return self.a.scalar(ctx) * self.b.scalar(ctx)

    def vector(self, ctx):
        return np.multiply(self.a.vector(ctx), self.b.vector(ctx))


class Div(_Binary):
    """a / b; unknown (NaN) when b is 0."""

    def scalar(self, ctx):
        a, b = self.a.scalar(ctx), self.b.scalar(ctx)
        if math.isnan(a) or math.isnan(b) or b == 0:
            return math.nan
        return a / b

    def vector(self, ctx):
        a = np.asarray(self.a.vector(ctx), np.float64)
        b = np.asarray(self.b.vector(ctx), np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.divide(a, b)
        return np.where(b == 0, math.nan, out)


class Min(_Binary):
    def scalar(self, ctx):
        a, b = self.a.scalar(ctx), self.b.scalar(ctx)
        return math.nan if math.isnan(a) or math.isnan(b) else min(a, b)

    def vector(self, ctx):
        return np.minimum(self.a.vector(ctx), self.b.vector(ctx))  # propagates NaN


class Bracket(Quantity):
    """Table lookup: the value of the last row whose threshold ≤ the quantity (NaN below the first)."""

    def __init__(self, q: Quantity, table: str):
        self.q, self.table = q, table

    def scalar(self, ctx):
        x = self.q.scalar(ctx)
        rows = ctx.param(self.table)
        if math.isnan(x) or rows is None:
            return math.nan
        out = math.nan
        for threshold, value in rows:
            if x >= threshold:
                out = value
        return out

    def vector(self, ctx):
        x = np.broadcast_to(np.asarray(self.q.vector(ctx), np.float64), (ctx.n,))
        ids, values = ctx.variants(self.table)
        out = np.full(ctx.n, math.nan)
        for i, rows in enumerate(values):
            sel = ids == i
            thresholds = np.array([r[0] for r in rows])
            vals = np.array([r[1] for r in rows] + [math.nan])
            idx = np.searchsorted(thresholds, x[sel], side="right") - 1  # -1 → the NaN slot
            out[sel] = vals[idx]
        out[np.isnan(x)] = math.nan
        return out

    def fields(self):
        return self.q.fields()

    def params(self):
        return self.q.params() | {self.table}


# ------------------------------------------------------------------------------------- conditions


class Cond:
    def scalar(self, ctx) -> int:
        raise NotImplementedError

    def walk(self):
        """This condition and every condition inside it."""
        yield self

    def vector(self, ctx) -> np.ndarray:
        raise NotImplementedError

    def fields(self) -> set[str]:
        return set()

    def params(self) -> set[str]:
        return set()


def _full(ctx, v):
    return np.full(ctx.n, v, np.int8)


class Cmp(Cond):
    def __init__(self, a: Quantity, op: str, b: Quantity):
        if op not in _OPS:
            raise ValueError(f"unknown comparison {op!r}")
        self.a, self.op, self.b = a, op, b

    def scalar(self, ctx):
        a, b = self.a.scalar(ctx), self.b.scalar(ctx)
        if math.isnan(a) or math.isnan(b):
            return UNKNOWN
        return MET if _OPS[self.op](a, b) else UNMET

    def vector(self, ctx):
        a = np.broadcast_to(np.asarray(self.a.vector(ctx), np.float64), (ctx.n,))
        b = np.broadcast_to(np.asarray(self.b.vector(ctx), np.float64), (ctx.n,))
        out = np.where(_OPS[self.op](a, b), MET, UNMET).astype(np.int8)
        out[np.isnan(a) | np.isnan(b)] = UNKNOWN
        return out

    def fields(self):
        return self.a.fields() | self.b.fields()

    def params(self):
        return self.a.params() | self.b.params()


class Is(Cond):
    """A yes/no field (or parameter, with ``param=True``) is yes."""

    def __init__(self, name: str, *, param: bool = False):
        self.name, self.param = name, param

    def scalar(self, ctx):
        v = ctx.param(self.name) if self.param else getattr(ctx.situation, self.name)
        if v is None:
            return UNKNOWN
        return MET if v else UNMET

    def vector(self, ctx):
        if self.param:
            v = P(self.name).vector(ctx)
        else:
            v = ctx.columns[self.name]
        out = np.where(v == 1, MET, UNMET).astype(np.int8)
        out[np.isnan(v)] = UNKNOWN
        return out

    def fields(self):
        return set() if self.param else {self.name}

    def params(self):
        return {self.name} if self.param else set()


class In(Cond):
    """A category field is one of the codes listed in a parameter (or given literally)."""

    def __init__(self, name: str, codes: str | tuple[str, ...]):
        if not isinstance(codes, str) and set(codes) - set(CATEGORIES[name]):
            raise ValueError(f"{name}: unknown codes {sorted(set(codes) - set(CATEGORIES[name]))}")
        self.name, self.codes = name, codes

    def _codes(self, ctx):
        return ctx.param(self.codes) if isinstance(self.codes, str) else self.codes

    def scalar(self, ctx):
        v = getattr(ctx.situation, self.name)
        codes = self._codes(ctx)
        if v is None or codes is None:
            return UNKNOWN
        return MET if v in codes else UNMET

    def vector(self, ctx):
        col = ctx.columns[self.name]
        vocab = CATEGORIES[self.name]
        if isinstance(self.codes, str):
            ids, values = ctx.variants(self.codes)
        else:
            ids, values = np.zeros(ctx.n, np.int64), [self.codes]
        out = _full(ctx, UNKNOWN)
        for i, codes in enumerate(values):
            sel = ids == i
            wanted = [vocab.index(c) for c in codes if c in vocab]
            out[sel] = np.where(np.isin(col[sel], wanted), MET, UNMET)
        out[np.isnan(col)] = UNKNOWN
        return out

    def fields(self):
        return {self.name}

    def params(self):
        return {self.codes} if isinstance(self.codes, str) else set()


class All(Cond):
    def __init__(self, *parts: Cond):
        self.parts = parts

    def walk(self):
        yield self
        for p in self.parts:
            yield from p.walk()

    def scalar(self, ctx):
        return min(p.scalar(ctx) for p in self.parts)

    def vector(self, ctx):
        return np.minimum.reduce([p.vector(ctx) for p in self.parts])

    def fields(self):
        return set().union(*(p.fields() for p in self.parts))

    def params(self):
        return set().union(*(p.params() for p in self.parts))


class Any(All):
    def scalar(self, ctx):
        return max(p.scalar(ctx) for p in self.parts)

    def vector(self, ctx):
        return np.maximum.reduce([p.vector(ctx) for p in self.parts])


class Not(Cond):
    def __init__(self, part: Cond):
        self.part = part

    def walk(self):
        yield self
        yield from self.part.walk()

    def scalar(self, ctx):
        return MET - self.part.scalar(ctx)

    def vector(self, ctx):
        return (MET - self.part.vector(ctx)).astype(np.int8)

    def fields(self):
        return self.part.fields()

    def params(self):
        return self.part.params()
