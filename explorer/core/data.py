"""A training data set: the points (xᵢ, yᵢ) a model ŷ = wx + b is fitted to.

The lesson's loss L(w, b) = (3 − 2w − b)² is the squared error on one training example,
(x, y) = (2, 3): that is :data:`LESSON_DATA`.  A data set holds at most :data:`MAX_ROWS`
points and is never changed in place: every edit (:meth:`DataSet.with_point`,
:meth:`~DataSet.moved`, :meth:`~DataSet.without`) returns a new one, and reading a file
either gives a whole new data set or raises :class:`DataError` (so a bad file changes nothing).

The file format (:func:`read_csv`, :func:`write_csv`): UTF-8 text, one point a line, two
numbers separated by a comma (``2,3``); an optional first line of two column names
(``x,y``); blank lines skipped; a number is a plain decimal (``-1.5``, ``2e-3``), finite
(no ``nan``, ``inf``, ``1e999``), a field may be in double quotes (as a spreadsheet writes
it).  A refusal names the line and the column (the character position, from 1) of the
first thing wrong.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass

import numpy as np


__all__ = ["LESSON_DATA", "MAX_BYTES", "MAX_ROWS", "DataError", "DataSet", "parse_csv", "read_csv", "write_csv"]

MAX_ROWS = 100_000
#: 100,000 rows of two full-precision numbers (``-1.2345678901234567e-05``) are under 5 MB.
MAX_BYTES = 8_000_000

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class DataError(ValueError):
    """A data file or a point refused: ``message`` says why; ``line`` and ``column`` (from 1)
    say where, when it is in a file."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f"line {line}, column {column}: " if line is not None and column is not None else (
            f"line {line}: " if line is not None else "")
        super().__init__(where + message)
        self.message = where + message
        self.line, self.column = line, column


@dataclass(frozen=True, eq=False)
class DataSet:
    """The points: ``x`` and ``y``, each (n,) float64, read-only, 1 ≤ n ≤ :data:`MAX_ROWS`,
    every value finite; ``names`` the two columns' names (a file's header, else ("x", "y"))."""

    x: np.ndarray
    y: np.ndarray
    names: tuple[str, str] = ("x", "y")

    def __post_init__(self) -> None:
        x = np.array(self.x, dtype=float).reshape(-1)
        y = np.array(self.y, dtype=float).reshape(-1)
        if x.shape != y.shape:
            raise DataError(f"{x.size} x values and {y.size} y values: a point needs both")
        if not 1 <= x.size <= MAX_ROWS:
            raise DataError("a data set needs at least one point" if x.size == 0 else
                            f"{x.size:,} points: a data set holds at most {MAX_ROWS:,}")
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            raise DataError("every coordinate must be a finite number")
        x.flags.writeable = y.flags.writeable = False
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    def __len__(self) -> int:
        return int(self.x.size)

    def __eq__(self, other) -> bool:
        return (isinstance(other, DataSet) and np.array_equal(self.x, other.x) and np.array_equal(self.y, other.y)
                and self.names == other.names)

    __hash__ = None  # compared by value: not a dictionary key

    @property
    def points(self) -> list[tuple[float, float]]:
        """The points as (x, y) pairs of floats (for a lesson file or a table)."""
        return list(zip(self.x.tolist(), self.y.tolist()))

    @classmethod
    def from_points(cls, points, names: tuple[str, str] = ("x", "y")) -> "DataSet":
        """From (x, y) pairs."""
        array = np.array(list(points), dtype=float)
        if array.size == 0:
            raise DataError("a data set needs at least one point")
        if array.ndim != 2 or array.shape[1] != 2:
            raise DataError("each point is two numbers, (x, y)")
        return cls(array[:, 0], array[:, 1], names)

    def with_point(self, x: float, y: float) -> "DataSet":
        """This data set and one more point at the end."""
        return DataSet(np.append(self.x, float(x)), np.append(self.y, float(y)), self.names)

    def moved(self, index: int, x: float, y: float) -> "DataSet":
        """Point ``index`` moved to (x, y)."""
        self._check_index(index)
        xs, ys = self.x.copy(), self.y.copy()
        xs[index], ys[index] = x, y
        return DataSet(xs, ys, self.names)

    def without(self, index: int) -> "DataSet":
        """Point ``index`` removed (the last point cannot be: a loss needs a point)."""
        self._check_index(index)
        if len(self) == 1:
            raise DataError("the last point cannot be removed: the loss needs at least one point")
        return DataSet(np.delete(self.x, index), np.delete(self.y, index), self.names)

    def _check_index(self, index: int) -> None:
        if not -len(self) <= index < len(self):
            raise IndexError(f"no point {index}: the data set has {len(self)}")

    def to_dict(self) -> dict:
        """As a lesson file holds it: ``{"names": [x, y], "points": [[x, y], …]}`` (plain floats)."""
        return {"names": list(self.names), "points": [list(p) for p in self.points]}

    @classmethod
    def from_dict(cls, value) -> "DataSet":
        """From :meth:`to_dict`'s form (a lesson file's), checked: :class:`DataError` says what is off."""
        if not isinstance(value, dict) or not isinstance(value.get("points"), list):
            raise DataError('the data must be {"points": [[x, y], …]}')
        names = value.get("names", ["x", "y"])
        if not (isinstance(names, list) and len(names) == 2 and all(isinstance(n, str) and n for n in names)):
            raise DataError("the data's names must be two non-empty texts")
        for i, point in enumerate(value["points"], start=1):
            if not (isinstance(point, list) and len(point) == 2 and all(
                    isinstance(c, (int, float)) and not isinstance(c, bool) for c in point)):
                raise DataError(f"point {i} of the data must be two numbers, [x, y]")
        return cls.from_points(value["points"], (names[0], names[1]))

    def to_csv(self) -> str:
        """The file's text: the header and one line per point, each number written so that it
        reads back as the same float (a round trip changes no bit)."""
        out = io.StringIO()
        out.write(f"{_header_field(self.names[0])},{_header_field(self.names[1])}\n")
        for x, y in zip(self.x.tolist(), self.y.tolist()):
            out.write(f"{x!r},{y!r}\n")
        return out.getvalue()


#: The lesson's one training example, (x, y) = (2, 3): its loss is L(w, b) = (3 − 2w − b)².
LESSON_DATA = DataSet(np.array([2.0]), np.array([3.0]))


def _header_field(name: str) -> str:
    # A comma or a quote inside a name would split or end it: they become a space and an apostrophe.
    return name.replace(",", " ").replace('"', "'").strip() or "?"


def _unquoted(field: str) -> tuple[str, int]:
    """The field without its spaces and one pair of double quotes, and how far in it starts."""
    stripped = field.strip()
    offset = len(field) - len(field.lstrip())
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        inner = stripped[1:-1]
        return inner.strip(), offset + 1 + (len(inner) - len(inner.lstrip()))
    return stripped, offset


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def parse_csv(text: str) -> DataSet:
    """The data set written in ``text`` (the format in the module's doc), or :class:`DataError`
    naming the line and column of the first thing wrong."""
    if text.startswith("\ufeff"):  # a byte-order mark, as some spreadsheets write
        text = text[1:]
    xs: list[float] = []
    ys: list[float] = []
    names = ("x", "y")
    first = True
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "\0" in line:
            raise DataError("not a data file: it holds a NUL character (a binary file?)", number, line.index("\0") + 1)
        fields = line.split(",")
        if len(fields) != 2:
            hint = ("; columns are separated by commas" if len(fields) == 1 and re.search(r"[;\t]", line) else "")
            column = 1 if len(fields) < 2 else len(",".join(fields[:2])) + 1
            raise DataError(f"{len(fields)} column{'s' * (len(fields) != 1)}: a data file has two, x and y{hint}",
                            number, column)
        parts = [_unquoted(f) for f in fields]
        starts = [parts[0][1] + 1, len(fields[0]) + 1 + parts[1][1] + 1]
        values = [p[0] for p in parts]
        if first:
            first = False
            if not any(_is_number(v) for v in values):
                if not all(values):
                    raise DataError("a column name is empty", number, starts[0] if not values[0] else starts[1])
                names = (values[0], values[1])
                continue
        row = []
        for which, value, start in zip("xy", values, starts):
            if not value:
                raise DataError(f"the {which} value is missing", number, start)
            if not _is_number(value):
                shown = value if len(value) <= 20 else value[:20] + "…"
                raise DataError(f"the {which} value '{shown}' is not a number", number, start)
            number_value = float(value)
            if not np.isfinite(number_value):
                raise DataError(f"the {which} value {value} is beyond what a float holds (about 1.8·10³⁰⁸)", number, start)
            row.append(number_value)
        if len(xs) == MAX_ROWS:
            raise DataError(f"more than {MAX_ROWS:,} points: a data set holds at most {MAX_ROWS:,}", number, 1)
        xs.append(row[0])
        ys.append(row[1])
    if not xs:
        raise DataError("no points in the file: a data set needs at least one line of two numbers, x,y")
    return DataSet(np.array(xs), np.array(ys), names)


def read_csv(path: str | os.PathLike) -> DataSet:
    """The data set in a file (a regular file of at most :data:`MAX_BYTES`), or :class:`DataError`."""
    from .datafile import read_text  # (late, as write_csv's: files are read and written after the first frame)

    return parse_csv(read_text(path, "data", DataError, max_bytes=MAX_BYTES))


def write_csv(data: DataSet, path: str | os.PathLike) -> None:
    """Write ``data`` to ``path`` whole or not at all (:mod:`~explorer.core.safe_write`);
    :class:`~explorer.core.safe_write.FileWriteError` says why it could not be."""
    from .safe_write import write_bytes

    write_bytes(path, data.to_csv().encode("utf-8"))
