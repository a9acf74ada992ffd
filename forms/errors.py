"""The one error a bad questionnaire raises, carrying where the problem is so a ward officer can fix it.

The reason is a `Reason` (forms/reasons.py): str(error) is Vietnamese, error.text("en") English.
"""
from __future__ import annotations

from forms.reasons import Reason, ReasonError, sentence


class DefinitionError(ReasonError):
    """A questionnaire definition that cannot be used: `filename`, `line` (or `sheet` and row) and `reason`.

    `reason` is the Vietnamese text, `reason_en` the English one, `problem` the Reason itself; str(error) and
    text(lang) put the location first ("mau.yaml, dòng 12: ...").
    """

    def __init__(self, reason: Reason | str, filename: str | None = None, line: int | None = None,
                 sheet: str | None = None):
        self.filename, self.line, self.sheet = filename, line, sheet
        super().__init__(reason)

    @property
    def reason(self) -> str:
        """Why the definition cannot be used, in Vietnamese."""
        return self.problem.say("vi")

    @property
    def reason_en(self) -> str:
        """Why the definition cannot be used, in English."""
        return self.problem.say("en")

    def text(self, lang: str = "vi") -> str:
        """Where and why, in `lang`: "mau.xlsx, trang tính «survey», hàng 12: ..."."""
        where = []
        if self.sheet:
            where.append(Reason("where.sheet", sheet=self.sheet).words(lang))
        if self.line is not None:
            where.append(Reason("where.row" if self.sheet else "where.line", line=self.line).words(lang))
        if self.filename:
            where.insert(0, self.filename)
        elif where:
            where[0] = sentence(where[0], lang)
        reason = self.problem.say(lang)
        return f"{', '.join(where)}: {reason}" if where else reason

    def located(self, filename: str | None) -> DefinitionError:
        """The same error naming `filename` when it did not know its file yet."""
        if self.filename or not filename:
            return self
        return DefinitionError(self.problem, filename, self.line, self.sheet)
