from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SocialInsurance(models.TextChoices):
    NONE = "none", _("No social insurance")
    FIVE = "five", _("Five insurances")
    FIVE_PLUS_FUND = "five_fund", _("Five insurances and housing fund")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VIEWED = "viewed", _("Viewed by the employer")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    EXPIRED = "expired", _("Expired without a response")


class RejectionReason(models.TextChoices):
    QUALIFICATIONS = "qualifications", _("Qualifications do not match")
    EXPERIENCE = "experience", _("Not enough experience")
    POSITION_FILLED = "position_filled", _("Position already filled")
    NO_SHOW = "no_show", _("Did not attend the interview")
    OFFER_DECLINED = "offer_declined", _("Offer declined by the applicant")
    OTHER = "other", _("Other")


OPEN_APPLICATION_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.VIEWED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFERED,
)
