"""Value types of posting screening (pure: no Django).

The Django side fills a `PostingText` from a JobPosting (or an import row), calls
`jiuye.supervision.screening.screen_posting` and gets a `ScreeningResult`: a tuple of `Flag` and whether any flag
blocks publication. Every flag names the field and character span it is about, the rule that raised it, its legal
basis (a key into `jiuye.supervision.screening.legal.LEGAL_BASES`), a message in English and Chinese and a suggested
lawful rewording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK = "block"
WARN = "warn"
SEVERITIES = (BLOCK, WARN)

RULE = "rule"
MODEL = "model"
SOURCES = (RULE, MODEL)

# Discrimination categories (the quality targets apply to these) and job-trap categories.
DISCRIMINATION_CATEGORIES = (
    "gender",
    "age",
    "region_hukou",
    "ethnicity",
    "marital_childbearing",
    "appearance_height",
    "health",
    "disability",
)
TRAP_CATEGORIES = (
    "fees_deposits",
    "training_loan",
    "unrealistic_pay",
    "contact_off_platform",
    "brushing",
    "missing_fields",
)
MODEL_CATEGORIES = ("fraud",)  # raised by the optional fraud classifier, never by a rule
CATEGORIES = DISCRIMINATION_CATEGORIES + TRAP_CATEGORIES + MODEL_CATEGORIES


@dataclass(frozen=True)
class Flag:
    """One finding about one span of one field of a posting."""

    category: str  # one of CATEGORIES
    code: str  # stable id of the rule (or "model.fraud"): "gender.restrict", "fees.deposit", ...
    severity: str  # "block" stops publication; "warn" publishes with a notice to moderators
    field: str  # the PostingText field: "title", "description", "pay_min", ...; "" for the posting as a whole
    start: int  # character offsets of the matched span in that field (0, 0 when the flag is about the whole field)
    end: int
    matched_text: str
    legal_basis_key: str  # key into legal.LEGAL_BASES
    message_key: str  # stable message id, e.g. "screening.gender.restrict"
    message_en: str
    message_zh: str
    suggestion: str  # a suggested lawful rewording of the matched sentence (or advice when nothing is left)
    source: str = RULE  # "rule" or "model"
    score: float = 1.0  # 1.0 for rules; the model's probability for model flags

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCK

    def message(self, language: str = "zh") -> str:
        return self.message_en if language.startswith("en") else self.message_zh


@dataclass(frozen=True)
class PostingText:
    """What the screening rules read from a posting. Every field is optional except the title."""

    title: str = ""
    description: str = ""
    pay_min: int | None = None  # monthly, yuan
    pay_max: int | None = None
    pay_text: str = ""  # pay as written ("15-20K·14薪")
    occupation_code: str = ""  # GB/T 6565 / 国家职业分类 code; its first digit is the major group
    division_code: str = ""  # 6/9/12-digit division code of the workplace
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""  # the contact the employer registered on the platform (allowed)
    contact_email: str = ""
    employer_name: str = ""
    welfare: str = ""  # benefits as written ("五险一金, 带薪年假")
    requirements: str = ""  # requirements as written when kept apart from the description

    TEXT_FIELDS = ("title", "description", "requirements", "welfare", "pay_text")

    def text_fields(self) -> list[tuple[str, str]]:
        return [(name, getattr(self, name) or "") for name in self.TEXT_FIELDS if getattr(self, name)]


@dataclass(frozen=True)
class ScreeningResult:
    flags: tuple[Flag, ...] = field(default_factory=tuple)
    blocking: bool = False

    @classmethod
    def of(cls, flags) -> ScreeningResult:
        flags = tuple(flags)
        return cls(flags=flags, blocking=any(f.severity == BLOCK for f in flags))

    @property
    def categories(self) -> set[str]:
        return {f.category for f in self.flags}

    @property
    def warnings(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.severity == WARN)

    @property
    def blocking_flags(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.severity == BLOCK)
