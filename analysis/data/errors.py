"""Errors raised by the data pipeline, written for the person who supplied the file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path


class InputError(Exception):
    """A raw file the pipeline cannot use as it is.

    The message always names the file, and where it makes sense the column and a few
    example rows (1-based line numbers of the file, header = line 1), so that the person
    who downloaded the file can find and fix the problem.
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        column: str | None = None,
        examples: Sequence[str] | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = str(file)
        self.problem = problem
        self.column = column
        self.examples = list(examples or [])
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.file}: {self.problem}"]
        if self.column is not None:
            lines.append(f"  column: {self.column}")
        if self.examples:
            lines.append("  example rows:")
            lines.extend(f"    {example}" for example in self.examples)
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


def example_rows(lines: Iterable[int], values: Iterable[object], limit: int = 5) -> list[str]:
    """Format up to ``limit`` (line number, value) pairs for an :class:`InputError`."""
    out = []
    for line, value in zip(lines, values):
        if len(out) == limit:
            break
        out.append(f"line {line}: {value!r}")
    return out
