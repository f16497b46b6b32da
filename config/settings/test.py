import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
JIUYE_PII_ENCRYPTION_KEY = "00" * 16 + "11" * 16
JIUYE_PII_HASH_KEY = "22" * 32
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
# Per test process, never var/.
JIUYE_SEARCH_INDEX = Path(tempfile.gettempdir()) / f"jiuye-test-search-{os.getpid()}.sqlite3"
# Never pick up a fraud model someone trained locally (var/screening/): tests that want one pass it explicitly.
JIUYE_FRAUD_MODEL = ""
JIUYE_ENGLISH_CODER = ""  # tests that need it build a small one (tests/jobs/test_coding_english.py)
JIUYE_WORDING_MODEL = ""  # tests that need the wording classifier train one on the package data
