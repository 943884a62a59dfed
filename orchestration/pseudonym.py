"""The secret key of commenter pseudonyms: commenter_key is a keyed SHA-256 of platform and id.

BIGNOISE_PSEUDONYM_KEY sets it; without it each warehouse generates its own random key once
(<warehouse>/work/pseudonym.key, readable by its owner only), so no key is ever a documented default
and keys cannot be recomputed from public author ids. Keys then differ between warehouses: set the
variable (to a secret) to share them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_VARIABLE = "BIGNOISE_PSEUDONYM_KEY"


def pseudonym_key(warehouse: Path) -> tuple[str, str]:
    """(key, where it came from): the environment variable, else the warehouse's own key file."""
    configured = os.environ.get(KEY_VARIABLE, "").strip()
    if configured:
        return configured, KEY_VARIABLE
    key_file = warehouse / "work" / "pseudonym.key"
    if not key_file.is_file():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return key_file.read_text().strip(), str(key_file)
