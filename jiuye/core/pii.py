"""Protection of personal identifiers: encryption at rest, keyed hashes for lookup, masked display.

Resident ID numbers and phone numbers are never stored in clear. Each is kept twice:
- encrypted with AES-GCM (random nonce) so that an authorised role can see the full value;
- as an HMAC-SHA256 keyed hash so that lookup, uniqueness and cross-department linkage work
  without decrypting anything. The hash key differs from the encryption key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _aead(key_hex: str) -> AESGCM:
    try:
        key = bytes.fromhex(key_hex)
    except ValueError as exc:
        raise ImproperlyConfigured("JIUYE_PII_ENCRYPTION_KEY must be hex") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("JIUYE_PII_ENCRYPTION_KEY must be 32 bytes (64 hex characters)")
    return AESGCM(key)


def _hash_key() -> bytes:
    key_hex = settings.JIUYE_PII_HASH_KEY
    if not key_hex:
        raise ImproperlyConfigured("JIUYE_PII_HASH_KEY is not set")
    return bytes.fromhex(key_hex)


def encrypt(value: str) -> str:
    """Encrypt a short identifier; returns URL-safe base64 text (nonce + ciphertext)."""
    if not value:
        return ""
    nonce = os.urandom(12)
    ct = _aead(settings.JIUYE_PII_ENCRYPTION_KEY).encrypt(nonce, value.encode(), b"jiuye-pii-v1")
    return base64.urlsafe_b64encode(nonce + ct).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    raw = base64.urlsafe_b64decode(token.encode())
    return _aead(settings.JIUYE_PII_ENCRYPTION_KEY).decrypt(raw[:12], raw[12:], b"jiuye-pii-v1").decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """Deterministic keyed hash used for lookup and linkage. `purpose` separates ID numbers from phones."""
    if not value:
        return ""
    mac = hmac.new(_hash_key(), f"{purpose}:{value}".encode(), hashlib.sha256)
    return mac.hexdigest()


def mask_resident_id(value: str) -> str:
    """430102********1234 — the first six (division) and last four characters stay visible."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张*明 / 李* — keeps the family name and, for long names, the last character."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
