from .base import *  # noqa: F403

DEBUG = True
JIUYE_PII_ENCRYPTION_KEY = JIUYE_PII_ENCRYPTION_KEY or "00" * 16 + "11" * 16  # noqa: F405
JIUYE_PII_HASH_KEY = JIUYE_PII_HASH_KEY or "22" * 32  # noqa: F405
