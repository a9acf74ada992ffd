"""The Python evaluator and the page's JavaScript evaluator agree: one table of cases (expr_cases.yaml) run
against both, the JavaScript in real headless Chromium; plus random answers to the library questionnaires."""
from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
import yaml

from forms.expr import evaluate, parse, truthy
from forms.library import library_ids, load_library

HERE = Path(__file__).resolve().parent
CASES = yaml.safe_load((HERE / "expr_cases.yaml").read_text(encoding="utf-8"))
SCRIPT = HERE.parents[1] / "survey" / "static" / "js" / "relevant.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def canonical(value):
    """A value with its JSON type made explicit, so True != 1 and 6 == 6.0, and NaN can never sneak through."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        assert not math.isnan(value)
        return ("number", float(value))
    if isinstance(value, str):
        return ("text", value)
    if isinstance(value, list):
        return ("list", [canonical(v) for v in value])
    raise TypeError(f"unexpected value {value!r}")


def case_id(case) -> str:
    return f"{case['expr']} | {case['answers']}" + (f" | .={case['current']}" if "current" in case else "")


def test_the_table_is_big_and_varied():
    assert len(CASES) >= 50
    ops = {node for case in CASES for node in re.findall(r"count-selected|selected|!=|<=|>=|[=<>+\-*/]|\band\b|"
                                                           r"\bor\b|\bnot\b|\.", case["expr"])}
    assert {"count-selected", "selected", "!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "and", "or", "not",
            "."} <= ops
    assert {canonical(c["expected"])[0] for c in CASES} == {"null", "bool", "number"}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_python_evaluator(case):
    result = evaluate(parse(case["expr"]), case["answers"], case.get("current"))
    assert canonical(result) == canonical(case["expected"])


# --- the browser ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(browser):
    """One headless Chromium page with relevant.js loaded, shared by this module's browser tests.

    It comes from the suite's one Playwright browser (tests/conftest.py): Playwright's sync API allows a single
    instance per process.
    """
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
    page.add_script_tag(path=str(SCRIPT))
    yield page
    context.close()


@pytest.fixture(scope="module")
def js_results(page):
    """The JavaScript value of every case, computed in one round trip."""
    payload = [{"ast": parse(c["expr"]), "answers": c["answers"], "current": c.get("current"),
                "hasCurrent": "current" in c} for c in CASES]
    return page.evaluate("""cases => cases.map(function (c) {
        return window.ThuocDoExpr.evaluate(c.ast, c.answers, c.hasCurrent ? c.current : undefined);
    })""", payload)


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(CASES)), ids=[case_id(c) for c in CASES])
def test_javascript_evaluator(js_results, index):
    assert canonical(js_results[index]) == canonical(CASES[index]["expected"])


@pytest.mark.browser
def test_javascript_and_python_agree_on_the_library(page):
    """Random answers (well-formed, odd and missing) to every built-in questionnaire: same relevance."""
    rng = random.Random(20260509)
    jobs = []
    for qid in library_ids():
        q = load_library(qid)
        asts = q.relevance_asts()
        for _ in range(60):
            answers = {x.id: _random_answer(x, rng) for x in q.questions if rng.random() < 0.8}
            answers = {k: v for k, v in answers.items() if v is not _SKIP}
            jobs.append({"asts": asts, "answers": answers,
                         "python": {k: truthy(evaluate(a, answers)) for k, a in asts.items()}})
    results = page.evaluate("""jobs => jobs.map(function (job) {
        var out = {};
        Object.keys(job.asts).forEach(function (k) { out[k] = window.ThuocDoExpr.check(job.asts[k], job.answers); });
        return out;
    })""", [{"asts": j["asts"], "answers": j["answers"]} for j in jobs])
    for job, result in zip(jobs, results, strict=True):
        assert result == job["python"], job["answers"]
    assert any(v for job in jobs for v in job["python"].values())
    assert any(not v for job in jobs for v in job["python"].values())


@pytest.mark.browser
def test_javascript_check_and_missing_answers(page):
    assert page.evaluate("() => [ThuocDoExpr.check(null, {}), ThuocDoExpr.check(undefined),"
                         " ThuocDoExpr.evaluate({op: 'ref', id: 'toString'}, {})]") == [True, True, None]


_SKIP = object()


def _random_answer(question, rng: random.Random):
    """A stored-style answer, sometimes as a form string, sometimes odd."""
    values = list(question.values or [])
    roll = rng.random()
    if question.type == "note":
        return _SKIP
    if roll < 0.1:
        return rng.choice(["", [], "khac", 3, True])
    if question.type == "multiple_choice":
        return rng.sample(values, rng.randint(0, len(values)))
    if question.type == "likert":
        value = rng.randint(1, 5)
        return str(value) if roll < 0.5 else value
    if values:
        return rng.choice(values)
    return rng.choice(["Tổ 3", "ghi chú", "12"])


def test_script_is_plain_es5():
    """No arrow functions, let/const, template strings or classes: it must run on old Android browsers."""
    source = SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
    for pattern in (r"=>", r"\blet\s", r"\bconst\s", r"`", r"\bclass\s", r"\.\.\.", r"\basync\b", r"\?\?", r"\?\."):
        assert not re.search(pattern, code), pattern
    assert len(source.splitlines()) < 150
