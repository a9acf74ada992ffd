"""Synthetic answers for the demo, drawn question by question from the model in `survey.demo.model`.

Answers are generated from each question's type and `measure` tag, so they follow whatever the library
questionnaire asks, and skip logic is applied with the same evaluator the server uses.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from forms.expr import evaluate
from forms.schema import Questionnaire
from survey.demo import model


def _likert(rng: np.random.Generator, positive: bool, trait: float) -> int:
    """A 1–5 score: 4 or 5 when positive, else 1, 2 or 3; the respondent's trait tilts the score within the box
    (which keeps the chance of 4–5, the population value, as the model says)."""
    if positive:
        return 5 if rng.random() < model.expit(trait) else 4
    low = np.array([0.1 * np.exp(-trait / 2), 0.3, 0.6 * np.exp(trait / 2)])
    return int(rng.choice([1, 2, 3], p=low / low.sum()))


def answer_question(question: Any, cell: tuple[str, str, str], period: str, frame: model.Frame,
                    rng: np.random.Generator, traits: dict[str, float]) -> Any:
    """One answer to `question` for a respondent in `cell` with latent `traits`, or None to leave it blank."""
    measure = question.measure or ""
    kind, _, detail = measure.partition(":")

    def p(family: str, offset: float = 0.0) -> float:
        return model.probability(frame, family, cell, period, offset + traits.get(family, 0.0))

    if kind == "demographic":
        return {"sex": cell[1], "age_band": cell[2], "group": cell[0]}.get(detail)
    if kind == "reach":
        return "yes" if rng.random() < p("reach") else "no"
    if kind == "channel":
        chosen = [c.value for c in question.choices if rng.random() < model.channel_probability(c.value, cell[2])]
        return chosen or [question.choices[0].value]
    if kind == "knowledge":
        if rng.random() < p("knowledge"):
            return "true" if question.correct else "false"
        return "dont_know" if rng.random() < 0.5 else ("false" if question.correct else "true")
    if kind == "agreement":
        return _likert(rng, rng.random() < p("agreement"), traits["agreement"])
    if kind == "action":
        return "yes" if rng.random() < p("action") else "no"
    if kind == "satisfaction":
        return _likert(rng, rng.random() < p("satisfaction", model.DIMENSION_OFFSET.get(detail, 0.0)),
                       traits["satisfaction"])
    if kind == "trust":
        return _likert(rng, rng.random() < p("trust"), traits["trust"])
    return _filler(question, rng)


def _filler(question: Any, rng: np.random.Generator) -> Any:
    """A plausible answer to a question no index reads (or None for optional free text)."""
    if question.type == "single_choice":
        return question.choices[int(rng.integers(len(question.choices)))].value
    if question.type == "multiple_choice":
        return [c.value for c in question.choices if rng.random() < 0.3] or [question.choices[0].value]
    if question.type == "yes_no":
        return "yes" if rng.random() < 0.5 else "no"
    if question.type == "likert":
        return int(rng.integers(1, 6))
    if question.type == "knowledge":
        return "dont_know"
    if question.type in ("integer", "decimal"):
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 10
        return int(rng.integers(int(low), int(high) + 1))
    return None


def synthetic_answers(questionnaire: Questionnaire, cell: tuple[str, str, str], period: str,
                      frame: model.Frame, rng: np.random.Generator) -> dict[str, Any]:
    """A whole respondent's answers, honouring skip logic in questionnaire order."""
    answers: dict[str, Any] = {}
    traits = model.latent_traits(rng)
    conditions = questionnaire.relevance_asts()
    for question in questionnaire.questions:
        if question.type == "note":
            continue
        if question.id in conditions and not evaluate(conditions[question.id], answers):
            continue
        value = answer_question(question, cell, period, frame, rng, traits)
        if value is not None:
            answers[question.id] = value
    return answers
