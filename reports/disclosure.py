"""Complementary suppression of published index results, applied before anything is shown or exported.

The analysis nulls every estimate with fewer than k respondents. That alone is not enough: the ward's estimate is
(near enough) the population-weighted mean of its groups', and the composite is the mean of the four
communication indices, so a single hidden cell could be solved back from the cells around it. This hides, with
the mark `secondary`, the fewest extra cells that stop that: the composite of any level where a component is
hidden, the funnel conversions that touch a hidden stage, and, wherever exactly one level of a breakdown is
hidden for an index, the shown level with the fewest respondents. Nothing is computed here: cells only disappear.
"""
from __future__ import annotations

import copy
from typing import Any

COMMUNICATION = ("reach", "understanding", "consensus", "action")
_NULLED = ("estimate", "se", "ci_low", "ci_high", "deff")


def _hidden(est: dict | None) -> bool:
    return bool(est) and bool(est.get("suppressed") or est.get("secondary"))


def _hide(est: dict) -> None:
    for key in _NULLED:
        if key in est:
            est[key] = None
    est["secondary"] = True


def _protect_composite(indices: dict) -> bool:
    """Hide the composite where one of its components is hidden; True when something changed."""
    eff = indices.get("effectiveness")
    if eff and not _hidden(eff) and any(_hidden(indices.get(c)) for c in COMMUNICATION):
        _hide(eff)
        return True
    return False


def _protect_breakdown(levels: dict) -> bool:
    """For each index with exactly one hidden level, hide the shown level with the fewest respondents too."""
    changed = False
    names = {name for values in levels.values() for name in values}
    for name in sorted(names):
        cells = [(level, values[name]) for level, values in levels.items() if values.get(name)]
        hidden = [level for level, est in cells if _hidden(est)]
        shown = [(est.get("n") or 0, level, est) for level, est in cells if not _hidden(est)]
        if len(hidden) == 1 and shown:
            _hide(min(shown, key=lambda item: (item[0], item[1]))[2])
            changed = True
    return changed


def protect(result: dict[str, Any]) -> dict[str, Any]:
    """A copy of a result (contracts §4 shape) with complementary suppression applied."""
    out = copy.deepcopy(result)
    _protect_composite(out.get("indices", {}))
    funnel = out.get("details", {}).get("funnel")
    if funnel:
        for key, est in funnel.get("conversion", {}).items():
            cur, prev = key.split("/")
            if any(_hidden(out["indices"].get(stage)) for stage in (cur, prev)) and not _hidden(est):
                _hide(est)
    for levels in out.get("by", {}).values():
        for _ in range(10):  # each pass hides cells; it settles in two or three
            changed = any([_protect_composite(values) for values in levels.values()])
            changed = _protect_breakdown(levels) or changed
            if not changed:
                break
    return out
