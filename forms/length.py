"""How long a questionnaire can get: the most questions one respondent can be asked, across skip-logic branches.

Only questions that some `relevant` reads (the gates) change which questions are asked, so it is enough to try
combinations of answers to the gates: every option of a closed question, unanswered, and for numbers and texts
the values the expressions compare with (and their neighbours). For a multiple choice with many options we try
none, each option alone, and all of them. The built-in questionnaires must stay within 30 (about 5 minutes).
"""
from __future__ import annotations

import itertools
from typing import Any

from forms import expr
from forms.definition import Question, Questionnaire

MAX_BRANCHES = 200_000
SMALL_SET = 6


def longest_path(questionnaire: Questionnaire) -> int:
    """The largest number of answerable questions (notes excluded) that can be relevant together."""
    return max(len(path) for path in _paths(questionnaire))


def longest_path_questions(questionnaire: Questionnaire) -> list[str]:
    """The ids of the questions on one longest path, in order (to show what makes a questionnaire long)."""
    return max(_paths(questionnaire), key=len)


def _paths(questionnaire: Questionnaire):
    gates = _gates(questionnaire)
    options = [_candidates(gate, questionnaire) for gate in gates]
    branches = 1
    for values in options:
        branches *= len(values)
    if branches > MAX_BRANCHES:
        raise ValueError(f"the skip logic of {questionnaire.id} has too many branches ({branches}) to enumerate")
    for combination in itertools.product(*options):
        chosen = {gate.id: value for gate, value in zip(gates, combination, strict=True)}
        yield _asked(questionnaire, chosen)


def _asked(questionnaire: Questionnaire, chosen: dict[str, Any]) -> list[str]:
    answers: dict[str, Any] = {}
    asked = []
    for question in questionnaire.questions:
        if not expr.check(question.relevant_ast, answers):
            continue
        if question.type != "note":
            asked.append(question.id)
        if chosen.get(question.id) is not None:
            answers[question.id] = chosen[question.id]
    return asked


def _gates(questionnaire: Questionnaire) -> list[Question]:
    read = {ref for q in questionnaire.questions if q.relevant_ast for ref in expr.references(q.relevant_ast)}
    return [q for q in questionnaire.questions if q.id in read]


def _literals(questionnaire: Questionnaire) -> set[Any]:
    found = set()
    for q in questionnaire.questions:
        if q.relevant_ast:
            found.update(n["value"] for n in expr.walk(q.relevant_ast) if n["op"] == "lit")
    return found


def _candidates(gate: Question, questionnaire: Questionnaire) -> list[Any]:
    if gate.type == "multiple_choice":
        values = list(gate.values)
        if len(values) <= SMALL_SET:
            sizes = range(1, len(values) + 1)
            subsets = itertools.chain.from_iterable(itertools.combinations(values, k) for k in sizes)
            return [None, *(list(s) for s in subsets)]
        return [None, *([v] for v in values), values]
    if gate.type == "likert":
        return [None, 1, 2, 3, 4, 5]
    if gate.values is not None:
        return [None, *gate.values]
    literals = _literals(questionnaire)
    if gate.type in ("integer", "decimal"):
        numbers = {n for n in literals if isinstance(n, (int, float)) and not isinstance(n, bool)}
        numbers |= {b for b in (gate.min, gate.max) if b is not None}
        return [None, *sorted({x + d for x in numbers for d in (-1, 0, 1)})]
    return [None, *sorted(s for s in literals if isinstance(s, str) and s)]
