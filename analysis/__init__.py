"""Pure analysis of survey responses: frames, design-based estimates, weighting and the ward's indices.

Depends on pandas / numpy / scipy / statsmodels only; never on Flask or the app's models.
"""
from analysis.compare import Difference, compare_areas, compare_waves, difference, domain_difference, p_adjust
from analysis.design import Design, Domains, Estimate
from analysis.drivers import DriverResult, key_drivers, lmg
from analysis.frame import Measures, build_frame
from analysis.indices import IndexResult, IndexValue, compute_indices
from analysis.quality import collector_quality, quality_report, response_quality
from analysis.reliability import cronbach_alpha, scale_reliability
from analysis.weighting import RakeResult, RakingError, WeightingWarning, kish_deff, poststratify, rake, rake_frame

__all__ = [
    "Design", "Difference", "Domains", "DriverResult", "Estimate", "IndexResult", "IndexValue", "Measures",
    "RakeResult", "RakingError", "WeightingWarning", "build_frame", "collector_quality", "compare_areas",
    "compare_waves", "compute_indices", "cronbach_alpha", "difference", "domain_difference", "key_drivers",
    "kish_deff", "lmg", "p_adjust", "poststratify", "quality_report", "rake", "rake_frame", "response_quality",
    "scale_reliability",
]
