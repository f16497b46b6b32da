"""Sending policy messages outside the platform inbox (SMS, WeChat).

A `Sender` gets ids and a policy code, never a phone number or a name in the log: a real gateway
resolves the subject's contact itself (decrypting the stored phone inside the gateway adapter) and
is picked by the setting `JIUYE_POLICY_SENDER` (a dotted path). The default, `LoggingSender`, only
logs that a message would go out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("jiuye.policies.senders")


@dataclass(frozen=True)
class Message:
    channel: str  # sms | wechat
    subject_kind: str  # person | employer
    subject_id: int
    policy: str
    push_id: int | None = None
    link: str = ""


class Sender(Protocol):
    def send(self, message: Message) -> bool:
        """Send one message; True when accepted by the gateway."""
        ...


class LoggingSender:
    """Logs ids only (no personal data) and reports the message as sent."""

    def __init__(self) -> None:
        self.sent: list[Message] = []

    def send(self, message: Message) -> bool:
        log.info(
            "policy message channel=%s subject=%s:%s policy=%s push=%s",
            message.channel,
            message.subject_kind,
            message.subject_id,
            message.policy,
            message.push_id,
        )
        self.sent.append(message)
        return True


def get_sender() -> Sender:
    path = getattr(settings, "JIUYE_POLICY_SENDER", "") or "jiuye.policies.senders.LoggingSender"
    return import_string(path)()
