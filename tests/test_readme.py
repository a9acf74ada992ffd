"""The README stays true: quick-start commands, every configuration variable, the CI script's test command."""
from pathlib import Path

from survey.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    for _, variable, *_ in SETTINGS:
        assert f"`{variable}`" in README, variable


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest -n 2" in README
    assert "python3 -m pytest -n 2" in ci
    assert "thuocdo demo" in README
