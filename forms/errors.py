"""The one error a bad questionnaire raises, carrying where the problem is so a ward officer can fix it."""
from __future__ import annotations


class DefinitionError(ValueError):
    """A questionnaire definition that cannot be used: `filename`, `line` (or `sheet` and row) and `reason`."""

    def __init__(self, reason: str, filename: str | None = None, line: int | None = None,
                 sheet: str | None = None):
        self.reason, self.filename, self.line, self.sheet = reason, filename, line, sheet
        super().__init__(self._text())

    def _text(self) -> str:
        where = []
        if self.filename:
            where.append(self.filename)
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.line is not None:
            where.append(f"{'row' if self.sheet else 'line'} {self.line}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def located(self, filename: str | None) -> DefinitionError:
        """The same error naming `filename` when it did not know its file yet."""
        if self.filename or not filename:
            return self
        return DefinitionError(self.reason, filename, self.line, self.sheet)
