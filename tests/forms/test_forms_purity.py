"""forms/ is pure: importing every module pulls in neither Flask nor anything from survey."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FORMS = Path(__file__).resolve().parents[2] / "forms"


def test_forms_imports_neither_flask_nor_survey():
    modules = sorted(f"forms.{p.stem}" for p in FORMS.glob("*.py") if p.stem != "__init__") + ["forms.library"]
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'survey', 'werkzeug'))\n"
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=FORMS.parent,
                            check=True)
    assert result.stdout.strip() == ""
