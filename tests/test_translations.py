"""The English catalogue is complete and compiled: every Vietnamese UI string has a translation in the .mo."""
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "survey" / "translations" / "en" / "LC_MESSAGES"


def _extracted(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "babel.cfg",
                    "-k", "lazy_gettext", "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_every_ui_string_is_translated_and_compiled(tmp_path):
    with (CATALOGUE / "messages.mo").open("rb") as handle:
        compiled = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_mo(handle) if m.id}
    missing = sorted(msgid for msgid in _extracted(tmp_path) if not compiled.get(msgid))
    assert not missing, f"{len(missing)} strings have no English translation in messages.mo: {missing[:10]}"


def test_the_compiled_catalogue_matches_the_source():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        source = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(handle)
                  if m.id and m.string and not m.fuzzy}
    with (CATALOGUE / "messages.mo").open("rb") as handle:
        compiled = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_mo(handle) if m.id}
    assert source == compiled
