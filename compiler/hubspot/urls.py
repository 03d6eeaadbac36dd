"""Base URLs as people see them: credentials in a URL's user-info part never reach a message.

``https://user:password@host`` is a valid URL; httpx would even send the pair as Basic auth. A
base URL is echoed in errors, logs and reprs, so every such text uses ``redact_url``.
"""

from __future__ import annotations

import re

REDACTED_USERINFO = "[redacted]@"

# scheme://userinfo@... (userinfo runs to the last '@' before the path, query or fragment), or
# the same without a scheme ("user:pw@host"): anything before an '@' in the authority is a secret.
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.\-]*:)?//)?[^/?#\s]*@")


def redact_url(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``[redacted]@`` (works on malformed URLs)."""
    return _USERINFO.sub(lambda m: (m.group(1) or "") + REDACTED_USERINFO, url, count=1)


def userinfo_secrets(url: str) -> list[str]:
    """The user-info of ``url`` and its password, longest first, for redaction from free text."""
    match = _USERINFO.match(url)
    if match is None:
        return []
    userinfo = match.group(0)[len(match.group(1) or "") : -1]
    parts = [userinfo, *userinfo.split(":", 1)[1:]]
    return sorted({p for p in parts if len(p) >= 3}, key=len, reverse=True)
