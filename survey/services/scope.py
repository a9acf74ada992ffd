"""Who may see what: admins everything, officers their wards, leaders their residential groups."""
from __future__ import annotations

from survey.models import Area, User, Wave


def covers(user: User, area: Area) -> bool:
    """Whether `area` lies at or below one of the user's areas (admins cover everything)."""
    if user.role == "admin":
        return True
    own = {a.id for a in user.areas}
    node: Area | None = area
    while node is not None:
        if node.id in own:
            return True
        node = node.parent
    return False


def can_view_wave(user: User, wave: Wave) -> bool:
    """Officers and admins see the waves of wards they cover; leaders see none of the analysis."""
    return user.role in ("admin", "officer") and covers(user, wave.ward)


def visible_waves(user: User, waves: list[Wave]) -> list[Wave]:
    """The waves this user may open."""
    return [w for w in waves if can_view_wave(user, w)]
