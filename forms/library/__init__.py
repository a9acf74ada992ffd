"""The built-in questionnaires, one YAML file each, named after the questionnaire id."""
from __future__ import annotations

from pathlib import Path

from forms.definition import Questionnaire
from forms.schema import load_definition

LIBRARY_DIR = Path(__file__).resolve().parent


def library_paths() -> list[Path]:
    """The built-in YAML files, sorted by name."""
    return sorted(LIBRARY_DIR.glob("*.yaml"))


def library_ids() -> list[str]:
    """The ids of the built-in questionnaires (each file is named <id>.yaml)."""
    return [path.stem for path in library_paths()]


def load_library(qid: str) -> Questionnaire:
    """The built-in questionnaire `qid`, validated; ValueError names the ones there are when it is unknown."""
    path = LIBRARY_DIR / f"{qid}.yaml"
    if "/" in qid or "\\" in qid or not path.is_file():
        raise ValueError(f"there is no built-in questionnaire {qid!r}; choose one of: {', '.join(library_ids())}")
    return load_definition(path)
