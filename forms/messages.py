"""What a respondent is told when an answer cannot be accepted, in Vietnamese and English."""
from __future__ import annotations

from typing import Any

MESSAGES = {
    "vi": {
        "required": "Vui lòng trả lời câu hỏi này.",
        "one_answer": "Câu hỏi này chỉ chọn một câu trả lời.",
        "bad_choice": "Lựa chọn không hợp lệ. Vui lòng chọn lại trong danh sách.",
        "likert": "Vui lòng chọn một mức từ 1 đến 5.",
        "integer": "Vui lòng nhập một số nguyên (không có phần thập phân).",
        "decimal": "Vui lòng nhập một số, ví dụ 12,5.",
        "between": "Vui lòng nhập một số từ {min} đến {max}.",
        "at_least": "Vui lòng nhập một số không nhỏ hơn {min}.",
        "at_most": "Vui lòng nhập một số không lớn hơn {max}.",
        "text": "Vui lòng nhập câu trả lời bằng chữ.",
        "too_long": "Câu trả lời quá dài: tối đa {limit} ký tự.",
        "date": "Vui lòng nhập ngày hợp lệ theo dạng ngày/tháng/năm, ví dụ 30/04/2026.",
        "constraint": "Câu trả lời chưa phù hợp. Vui lòng kiểm tra lại.",
    },
    "en": {
        "required": "Please answer this question.",
        "one_answer": "Please choose only one answer.",
        "bad_choice": "This is not one of the options. Please choose from the list.",
        "likert": "Please choose a level from 1 to 5.",
        "integer": "Please enter a whole number.",
        "decimal": "Please enter a number, e.g. 12.5.",
        "between": "Please enter a number from {min} to {max}.",
        "at_least": "Please enter a number of at least {min}.",
        "at_most": "Please enter a number of at most {max}.",
        "text": "Please answer in words.",
        "too_long": "The answer is too long: at most {limit} characters.",
        "date": "Please enter a valid date, e.g. 30/04/2026.",
        "constraint": "This answer does not look right. Please check it.",
    },
}


def message(key: str, lang: str = "vi", **values: Any) -> str:
    """The message `key` in `lang` (Vietnamese for any language we do not have)."""
    lang = lang if lang in MESSAGES else "vi"
    shown = {k: _number(v, lang) if isinstance(v, (int, float)) else v for k, v in values.items()}
    return MESSAGES[lang][key].format(**shown)


def _number(value: float, lang: str) -> str:
    """12 as "12", 12.5 as "12,5" in Vietnamese and "12.5" in English."""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if lang == "vi" else text
