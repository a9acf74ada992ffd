"""Questionnaire definitions: the types, and loading + validating a definition from YAML, JSON or a dict.

    q = load_definition(Path("forms/library/ct09-hieu-qua.yaml"))
    q.to_dict()                      # canonical JSON-able dict, what the database stores
    Questionnaire.from_dict(d)       # back from storage (validated again)

Any problem raises DefinitionError with the file, the line and a reason a ward officer can act on.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from forms.build import build
from forms.definition import (
    CHOICE_TYPES,
    DEMOGRAPHIC_VALUES,
    FIXED_VALUES,
    MEASURES,
    NUMBER_TYPES,
    TYPES,
    Choice,
    Label,
    Question,
    Questionnaire,
    Section,
)
from forms.errors import DefinitionError
from forms.reasons import Reason
from forms.yamlload import read_text

__all__ = [
    "CHOICE_TYPES",
    "DEMOGRAPHIC_VALUES",
    "FIXED_VALUES",
    "MEASURES",
    "NUMBER_TYPES",
    "TYPES",
    "Choice",
    "DefinitionError",
    "Label",
    "Question",
    "Questionnaire",
    "Section",
    "load_definition",
]

Source = str | bytes | os.PathLike | Mapping[str, Any]


def load_definition(source: Source, filename: str | None = None) -> Questionnaire:
    """A validated Questionnaire from YAML/JSON text (str or bytes), a file path, or an already parsed dict."""
    if isinstance(source, Mapping):
        return build(source, filename)
    if isinstance(source, os.PathLike):
        path = Path(source)
        filename = filename or path.name
        try:
            source = path.read_bytes()
        except OSError as error:
            raise DefinitionError(Reason("file.unreadable", detail=error.strerror), filename) from None
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DefinitionError(Reason("file.not_utf8", byte=error.start + 1), filename) from None
    if not isinstance(source, str):
        raise TypeError(f"load_definition() takes text, bytes, a path or a dict, not {type(source).__name__}")
    if not source.strip():
        raise DefinitionError(Reason("file.empty"), filename)
    return build(read_text(source, filename), filename)
