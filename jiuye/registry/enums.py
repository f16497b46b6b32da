from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class HukouType(models.TextChoices):
    URBAN = "urban", _("Non-agricultural (urban)")
    RURAL = "rural", _("Agricultural (rural)")


class LabourStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    FLEXIBLE = "flexible", _("Flexibly employed")
    UNEMPLOYED = "unemployed", _("Registered unemployed")
    STUDENT = "student", _("In education")
    RETIRED = "retired", _("Retired")
    INACTIVE = "inactive", _("Not in the labour force")


class DisabilityGrade(models.IntegerChoices):
    ONE = 1, _("Grade 1 (most severe)")
    TWO = 2, _("Grade 2")
    THREE = 3, _("Grade 3")
    FOUR = 4, _("Grade 4")


class AssistanceStatus(models.TextChoices):
    NONE = "none", _("None")
    LOW_INCOME = "low_income", _("Low-income household")
    DIBAO = "dibao", _("Minimum living security (dibao)")
    TEKUN = "tekun", _("Extreme poverty support (tekun)")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class EmployerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ABNORMAL = "abnormal", _("Listed for abnormal operation")
    DEREGISTERED = "deregistered", _("Deregistered")


class OwnershipType(models.TextChoices):
    STATE = "state", _("State-owned")
    COLLECTIVE = "collective", _("Collective")
    PRIVATE = "private", _("Private enterprise")
    INDIVIDUAL = "individual", _("Individual business (getihu)")
    FOREIGN = "foreign", _("Foreign or HK/MO/TW-invested")
    PUBLIC_INSTITUTION = "institution", _("Public institution")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro (under 10)")
    SMALL = "small", _("Small (10–99)")
    MEDIUM = "medium", _("Medium (100–999)")
    LARGE = "large", _("Large (1000 and over)")


class ContractType(models.TextChoices):
    OPEN_ENDED = "open_ended", _("Open-ended contract")
    FIXED_TERM = "fixed_term", _("Fixed-term contract")
    TASK = "task", _("Task-based contract")
    PART_TIME = "part_time", _("Part-time")
    DISPATCH = "dispatch", _("Labour dispatch")
    SELF_EMPLOYED = "self", _("Self-employed")


class SpellEndReason(models.TextChoices):
    RESIGNED = "resigned", _("Resigned")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    DISMISSED = "dismissed", _("Dismissed or laid off")
    EMPLOYER_CLOSED = "employer_closed", _("Employer closed")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    OPEN = "open", _("Registered unemployed")
    EMPLOYED = "employed", _("Ended: found work")
    CANCELLED = "cancelled", _("Ended: cancelled")
    EXPIRED = "expired", _("Ended: lapsed")


class SourceKind(models.TextChoices):
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    TAX = "tax", _("Taxation")
    MARKET_SUPERVISION = "market_supervision", _("Market supervision")
    EDUCATION = "education", _("Education")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    PUBLIC_SECURITY = "public_security", _("Public security")
    VETERANS_AFFAIRS = "veterans_affairs", _("Veterans affairs")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    SELF_DECLARED = "self_declared", _("Self-declared")
    DEMO = "demo", _("Synthetic demo data")


class InsuranceScheme(models.TextChoices):
    PENSION = "pension", _("Basic pension insurance")
    UNEMPLOYMENT = "unemployment", _("Unemployment insurance")
    INJURY = "injury", _("Work-injury insurance")
    MEDICAL = "medical", _("Basic medical insurance")


class EmployerEventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CHANGED = "changed", _("Registration changed")
    DEREGISTERED = "deregistered", _("Deregistered")
    ABNORMAL_LISTED = "abnormal_listed", _("Listed for abnormal operation")
    ABNORMAL_REMOVED = "abnormal_removed", _("Removed from the abnormal-operation list")


class GraduateDestination(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    FURTHER_STUDY = "further_study", _("Further study")
    SELF_EMPLOYED = "self_employed", _("Self-employed or started a business")
    FLEXIBLE = "flexible", _("Flexible employment")
    NOT_YET = "not_yet", _("Not yet employed")
    UNKNOWN = "unknown", _("Unknown")


class HukouMoveKind(models.TextChoices):
    MOVE_IN = "in", _("Moved in")
    MOVE_OUT = "out", _("Moved out")
    WITHIN = "within", _("Moved within the area")


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("Seeking work")
    PLACED = "placed", _("Placed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    SAME = "same", _("Confirmed: same person")
    DIFFERENT = "different", _("Confirmed: different persons")
