"""Recording audited events: logins, exports, user and wave changes."""
from typing import Any

from sqlalchemy.orm import Session

from survey.models import AuditLog


def record(session: Session, actor: str, action: str, target: str = "", *,
           ip: str | None = None, **detail: Any) -> AuditLog:
    """Add one audit entry to the session (committed with the caller's work, so it cannot be lost alone)."""
    entry = AuditLog(actor=actor or "-", action=action, target=target, ip=ip, detail=detail)
    session.add(entry)
    return entry
