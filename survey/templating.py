"""Template filters and globals shared by every page."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_locale


def current_lang() -> str:
    """The page's language code (vi or en)."""
    return str(get_locale() or "vi")


def translate_label(label: Any) -> str:
    """A questionnaire label in the page's language; a missing translation falls back to Vietnamese."""
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    lang = current_lang()
    if isinstance(label, dict):
        return label.get(lang) or label.get("vi") or ""
    return getattr(label, lang, None) or getattr(label, "vi", "") or ""


def format_number(value: Any, digits: int = 1) -> str:
    """A number in Vietnamese style (comma as decimal separator, dot for thousands)."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if current_lang() == "vi":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def option_list(question: Any) -> tuple[Any, ...]:
    """The options a question offers (its own choices or its type's standard ones, as forms defines them)."""
    return question.options


def register(app: Flask) -> None:
    """Make the helpers available to templates."""
    app.add_template_filter(translate_label, "tr")
    app.add_template_filter(format_number, "num")
    app.add_template_global(current_lang, "current_lang")
    app.add_template_global(option_list, "option_list")
