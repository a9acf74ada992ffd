"""Pure analysis of survey responses: frames, design-based estimates, weighting and the ward's indices.

Depends on pandas / numpy / scipy / statsmodels only; never on Flask or the app's models.
"""
#: Public names and the module that defines each, imported on first use (PEP 562) so that importing one module
#: (the web app reads analysis.frame on every start) does not load statsmodels and scipy.stats as well.
_EXPORTS = {
    "Design": "analysis.design",
    "Difference": "analysis.compare",
    "Domains": "analysis.design",
    "DriverResult": "analysis.drivers",
    "Estimate": "analysis.design",
    "IndexResult": "analysis.indices",
    "IndexValue": "analysis.indices",
    "Measures": "analysis.frame",
    "RakeResult": "analysis.weighting",
    "RakingError": "analysis.weighting",
    "WeightingWarning": "analysis.weighting",
    "build_frame": "analysis.frame",
    "collector_quality": "analysis.quality",
    "compare_areas": "analysis.compare",
    "compare_waves": "analysis.compare",
    "compute_indices": "analysis.indices",
    "cronbach_alpha": "analysis.reliability",
    "difference": "analysis.compare",
    "domain_difference": "analysis.compare",
    "key_drivers": "analysis.drivers",
    "kish_deff": "analysis.weighting",
    "lmg": "analysis.drivers",
    "p_adjust": "analysis.compare",
    "poststratify": "analysis.weighting",
    "quality_report": "analysis.quality",
    "rake": "analysis.weighting",
    "rake_frame": "analysis.weighting",
    "response_quality": "analysis.quality",
    "scale_reliability": "analysis.reliability",
}


def __getattr__(name: str):
    """Import a public name's module when it is first asked for."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_EXPORTS[name]), name)


__all__ = [
    "Design", "Difference", "Domains", "DriverResult", "Estimate", "IndexResult", "IndexValue", "Measures",
    "RakeResult", "RakingError", "WeightingWarning", "build_frame", "collector_quality", "compare_areas",
    "compare_waves", "compute_indices", "cronbach_alpha", "difference", "domain_difference", "key_drivers",
    "kish_deff", "lmg", "p_adjust", "poststratify", "quality_report", "rake", "rake_frame", "response_quality",
    "scale_reliability",
]
