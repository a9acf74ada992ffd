"""The `thuocdo` command as a user runs it: demo (twice), indices, and an unreachable database."""
import json
import os
import subprocess
import sys
import uuid

import pytest

from survey.extensions import db
from tests.factories import make_ward, make_wave


def run_cli(*args, env_extra=None, timeout=300):
    env = {k: v for k, v in os.environ.items() if not k.startswith("THUOCDO_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "survey", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.mark.slow
def test_demo_twice_then_indices_json(tmp_path):
    env = {"THUOCDO_INSTANCE_PATH": str(tmp_path)}
    first = run_cli("demo", "--no-serve", env_extra=env)
    assert first.returncode == 0, first.stderr
    assert "mật khẩu:" in first.stdout
    assert (tmp_path / "thuocdo.db").exists() and (tmp_path / "secret_key").exists()
    second = run_cli("demo", "--no-serve", env_extra=env)
    assert second.returncode == 0, second.stderr
    assert "mật khẩu:" not in second.stdout and "không thêm gì" in second.stdout
    count = lambda out: int(out.split("tổng số câu trả lời: ")[1].split(".")[0])  # noqa: E731
    assert count(first.stdout) == count(second.stdout)
    out = run_cli("indices", "--wave", "VT-2026Q2-CT09", "--by", "group", "--json", env_extra=env)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["n"] >= 500 and set(result["indices"]) >= {"reach", "understanding", "consensus", "action"}
    reach = result["indices"]["reach"]
    assert 0 <= reach["ci_low"] < reach["estimate"] < reach["ci_high"] <= 100
    assert "VT-01" in result["by"]["group"]


def test_unreachable_database_is_one_line_with_masked_password(tmp_path):
    env = {"THUOCDO_INSTANCE_PATH": str(tmp_path),
           "THUOCDO_DATABASE_URL": "postgresql+psycopg://ward:secretpw@127.0.0.1:1/thuocdo"}
    out = run_cli("init-db", env_extra=env, timeout=60)
    assert out.returncode != 0
    lines = [line for line in out.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    assert "secretpw" not in out.stderr and "ward:***@127.0.0.1:1/thuocdo" in lines[0]
    assert "Traceback" not in out.stderr


def test_submitted_response_shows_in_indices_json(app, client):
    ward, groups = make_ward(groups=2, adults_per_cell=500)
    make_wave(ward, groups)
    for i in range(12):
        client.post("/s/TW-2026Q4-TEST/TW-01", data={"client_uuid": str(uuid.uuid4()), "heard": "yes",
                                                      "k1": "true" if i % 2 else "false", "sex": "female"})
    db.session.remove()
    runner = app.test_cli_runner()
    from survey.cli import main

    out = runner.invoke(main, ["indices", "--wave", "TW-2026Q4-TEST", "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert result["n"] == 12
    assert result["indices"]["reach"]["estimate"] == pytest.approx(100.0)


def test_indices_hide_what_would_reveal_a_small_group(app, client):
    """A group under k is suppressed, and one more group is hidden so the ward figure cannot solve it back."""
    ward, groups = make_ward(groups=3, adults_per_cell=500)
    make_wave(ward, groups)
    for code, n in (("TW-01", 14), ("TW-02", 12), ("TW-03", 4)):
        for i in range(n):
            client.post(f"/s/TW-2026Q4-TEST/{code}", data={"client_uuid": str(uuid.uuid4()),
                                                           "heard": "yes" if i % 3 else "no", "sex": "female"})
    db.session.remove()
    from survey.cli import main

    out = app.test_cli_runner().invoke(main, ["indices", "--wave", "TW-2026Q4-TEST", "--by", "group", "--json"])
    by_group = json.loads(out.output)["by"]["group"]
    assert by_group["TW-03"]["reach"]["suppressed"] and by_group["TW-03"]["reach"]["estimate"] is None
    assert by_group["TW-02"]["reach"].get("secondary") and by_group["TW-02"]["reach"]["estimate"] is None
    assert by_group["TW-01"]["reach"]["estimate"] is not None
    text = app.test_cli_runner().invoke(main, ["indices", "--wave", "TW-2026Q4-TEST", "--by", "group"]).output
    assert "< 10" in text and "ẩn" in text
