"""The nightly push: the eligible are told once, through the channels they accept; employers too."""

import logging

import pytest
from django.core.management import call_command

from jiuye.jobs.models import Notification
from jiuye.policies import services
from jiuye.policies.models import Channel, PolicyConsent, PolicyPush
from jiuye.policies.senders import LoggingSender

from .platform_helpers import ON, graduate, quota_employer

POLICY = "job_search_subsidy"


@pytest.fixture
def grad(tree):
    return graduate(tree["430302001"])


def _push(**kw):
    kw.setdefault("dry_run", False)
    return services.push_policies(ON, **kw)


def test_the_graduate_is_eligible_by_the_single_case_path(grad):
    person, _ = grad
    decisions = {d.policy: d for d in services.evaluate_person(person, ON)}
    d = decisions[POLICY]
    assert d.status == "eligible", (d.unmet, d.unknown)
    assert d.benefits["amount"] == 1500  # 湘潭 override (placeholder value)


def test_dry_run_writes_nothing(grad):
    result = _push(dry_run=True)
    assert result.by_policy[POLICY]["notified"] == 1
    assert not PolicyPush.objects.exists() and not Notification.objects.exists()


def test_push_notifies_once_with_reasons_and_a_link(grad):
    person, user = grad
    result = _push()
    assert result.by_policy[POLICY]["notified"] == 1
    push = PolicyPush.objects.get(person=person, policy=POLICY)
    assert push.channel == Channel.INBOX and push.notification_sent
    assert set(push.reasons) == {"graduating_year", "eligible_school", "hardship", "job_seeking"}
    assert push.rule_version and len(push.parameters_digest) == 16
    assert push.division == person.division
    note = Notification.objects.get(recipient=user)
    assert note.link == services.apply_link(POLICY)
    # Title and reasons in the user's language (Chinese by default); the frame is translated in locale/.
    assert "求职创业补贴" in note.text and "处于毕业年度" in note.text and "积极求职创业" in note.text
    again = _push()
    assert again.by_policy[POLICY].get("notified", 0) == 0
    assert again.by_policy[POLICY]["already_pushed"] == 1
    assert Notification.objects.filter(recipient=user).count() == 1


def test_english_speaking_user_gets_english_text(tree):
    person, user = graduate(tree["430302001"])
    user.preferred_language = "en"
    user.save()
    _push()
    note = Notification.objects.get(recipient=user)
    assert note.text.startswith("You may qualify for Job-search and entrepreneurship subsidy")
    assert "求职" not in note.text


def test_opt_out_is_respected_and_recorded(grad):
    person, user = grad
    services.set_consent(person, Channel.INBOX, True, by=user)
    result = _push()
    assert result.by_policy[POLICY]["opted_out"] == 1
    assert not Notification.objects.exists() and not PolicyPush.objects.exists()
    services.set_consent(person, Channel.INBOX, False, by=user)
    assert PolicyConsent.objects.filter(person=person).count() == 2  # every change is a row
    assert services.consent_state(person) == {"inbox": True, "sms": False, "wechat": False}
    assert _push().by_policy[POLICY]["notified"] == 1


def test_sms_only_when_opted_in_and_logs_no_personal_data(grad, caplog):
    person, user = grad
    sender = LoggingSender()
    _push(sender=sender)
    assert sender.sent == []  # SMS needs an opt-in
    services.set_consent(person, Channel.SMS, False, by=user)
    services.set_consent(person, Channel.INBOX, True, by=user)
    PolicyPush.objects.all().delete()
    with caplog.at_level(logging.INFO, logger="jiuye.policies.senders"):
        _push(sender=sender)
    assert [(m.channel, m.subject_id, m.policy) for m in sender.sent] == [("sms", person.pk, POLICY)]
    assert PolicyPush.objects.get(person=person, channel="sms").notification_sent
    logged = caplog.text
    assert str(person.pk) in logged
    for secret in (person.name, person.reveal_phone(), person.reveal_resident_id(), person.phone_masked):
        assert secret not in logged


def test_someone_who_already_applied_is_not_pushed(grad):
    person, user = grad
    services.start_application(person, POLICY, by=user, on=ON)
    result = _push()
    assert result.by_policy[POLICY]["already_applied"] == 1
    assert not PolicyPush.objects.filter(policy=POLICY).exists()


def test_without_an_account_or_consent_nobody_is_pushed(tree):
    graduate(tree["430302001"], user=False)
    result = _push()
    assert result.by_policy[POLICY]["unreachable"] == 1
    assert not PolicyPush.objects.exists()


def test_employers_get_employer_policies(tree):
    employer, user = quota_employer(tree["430302001"])
    result = _push()
    assert result.counts["evaluated_employers"] == 1
    push = PolicyPush.objects.get(employer=employer)
    assert push.policy == "disability_employment_quota" and push.person_id is None
    note = Notification.objects.get(recipient=user)
    assert "残疾人" in note.text
    assert not PolicyPush.objects.filter(employer=employer).exclude(
        policy__in=["disability_employment_quota"]
    )


def test_scope_division_limits_the_push(tree):
    graduate(tree["430302001"])
    yuetang = services.push_policies(ON, scope_division=tree["430304"], dry_run=False)
    assert yuetang.counts["evaluated_persons"] == 0
    assert not PolicyPush.objects.exists()
    yuhu = services.push_policies(ON, scope_division=tree["430302"], dry_run=False)
    assert yuhu.by_policy[POLICY]["notified"] == 1


def test_command_is_dry_unless_wet_run(grad, capsys):
    call_command("policies_push", "--on", "2026-11-28", "--division", "430302")
    out = capsys.readouterr().out
    assert "dry run" in out and "would notify 1" in out
    assert not PolicyPush.objects.exists()
    call_command("policies_push", "--on", "2026-11-28", "--wet-run")
    assert "notified 1" in capsys.readouterr().out
    assert PolicyPush.objects.count() == 1


def test_command_bad_input_names_the_option(tree):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--division"):
        call_command("policies_push", "--division", "999999")
    with pytest.raises(CommandError, match="--on"):
        call_command("policies_push", "--on", "2026-13-01")


# ------------------------------------------------------------------------------- worklist


def test_worklist_lists_unknown_conditions_within_the_caseworkers_scope(tree, users):
    yuhu, _ = graduate(tree["430302001"], assistance=None, user=False)  # hardship not known
    yuetang, _ = graduate(tree["430304001"], assistance=None, user=False, name="赵一")
    items = [i for i in services.unknowns_worklist(users["caseworker"], ON) if i.policy == POLICY]
    assert [i.person.pk for i in items] == [yuhu.pk]
    assert "hardship" in items[0].unknown and "job_seeking" in items[0].met
    other = [i for i in services.unknowns_worklist(users["caseworker_other"], ON) if i.policy == POLICY]
    assert [i.person.pk for i in other] == [yuetang.pk]
    assert services.unknowns_worklist(users["analyst_city"], ON) == []  # aggregates only


def test_a_blank_record_is_not_a_lead(tree, users):
    from tests import factories as f

    f.make_person(tree["430302001"])  # nothing known about education, assistance, seeking…
    assert [i for i in services.unknowns_worklist(users["caseworker"], ON) if i.policy == POLICY] == []
    assert services.unknowns_worklist(users["citizen"], ON) == []


# ------------------------------------------------------------------------------- consent, sender setting


class RecordingSender:
    """A stand-in gateway picked through the setting (a real class, no mock)."""

    sent: list = []

    def send(self, message):
        RecordingSender.sent.append(message)
        return True


def test_the_setting_picks_the_sender(grad, settings):
    from jiuye.policies.senders import get_sender

    person, user = grad
    assert isinstance(get_sender(), LoggingSender)
    settings.JIUYE_POLICY_SENDER = "tests.policies.test_push.RecordingSender"
    RecordingSender.sent = []
    services.set_consent(person, Channel.WECHAT, False, by=user)
    _push()
    assert [(m.channel, m.subject_kind, m.subject_id) for m in RecordingSender.sent] == [
        ("wechat", "person", person.pk)
    ]


def test_who_may_change_consent(grad, users):
    person, _ = grad
    for who in ("citizen", "employer", "caseworker_other", "analyst_city"):
        with pytest.raises(services.NotAllowed):
            services.set_consent(person, Channel.INBOX, True, by=users[who])
    row = services.set_consent(person, Channel.INBOX, True, by=users["caseworker"])  # at the counter
    assert row.changed_by == users["caseworker"] and row.division == person.division
    with pytest.raises(services.PolicyError, match="fax"):
        services.set_consent(person, "fax", True, by=users["caseworker"])


def test_pushes_are_scoped(grad, tree, users):
    person, user = grad
    employer, employer_user = quota_employer(tree["430304001"])
    _push()
    assert list(PolicyPush.objects.visible_to(user).values_list("person_id", flat=True)) == [person.pk]
    assert list(PolicyPush.objects.visible_to(employer_user).values_list("employer_id", flat=True)) == [
        employer.pk
    ]
    assert PolicyPush.objects.visible_to(users["caseworker"]).count() == 1  # 雨湖 only
    assert PolicyPush.objects.visible_to(users["caseworker_other"]).get().employer == employer
