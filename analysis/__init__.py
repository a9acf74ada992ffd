"""Pure analysis of survey responses: frames, design-based estimates, weighting and the ward's indices.

Depends on pandas / numpy / scipy / statsmodels only; never on Flask or the app's models.
"""
from analysis.design import Design, Estimate
from analysis.frame import Measures, build_frame
from analysis.indices import IndexResult, compute_indices
from analysis.weighting import RakeResult, kish_deff, poststratify, rake

__all__ = ["Design", "Estimate", "IndexResult", "Measures", "RakeResult", "build_frame", "compute_indices",
           "kish_deff", "poststratify", "rake"]
