"""Lesson files: a lesson saved as versioned JSON (:meth:`Lesson.to_dict`) and read back.

Reading trusts nothing in the file: it is read as JSON data only (never executed, never
handed to ``eval``/``sympify``), capped in size, refused on duplicate keys, NaN/Infinity
or numbers beyond a float, and then checked field by field by the lesson itself
(:meth:`Lesson.settings_from_dict`).  Loading is all or nothing: a file that fails any
check changes nothing.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .lesson import Lesson, LessonError

SUFFIX = ".json"
MAX_BYTES = 1_000_000  # a lesson is ~1 kB; anything this large is not one


class LessonFileError(ValueError):
    """A lesson file that cannot be read or written: ``message`` says what and where."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise LessonFileError(f"the key {key!r} appears twice")
        seen[key] = value
    return seen


def _no_constant(name: str):
    raise LessonFileError(f"{name} is not a number a lesson can hold")


def parse_lesson_text(text: str) -> dict[str, Any]:
    """The lesson's settings (flat; each named key known) from a file's text, or
    :class:`LessonFileError`.  Their values are checked when they are loaded."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except LessonFileError:
        raise
    except json.JSONDecodeError as error:
        raise LessonFileError(f"not a lesson file: it is not JSON (line {error.lineno}, column {error.colno}: "
                              f"{error.msg.lower()})") from None
    except (ValueError, RecursionError):  # a 5,000-digit integer, arrays nested 10⁵ deep
        raise LessonFileError("not a lesson file: it holds a number or nesting beyond what a lesson can be") from None
    if isinstance(data, dict) and "version" in data and not (isinstance(data["version"], int)
                                                             and not isinstance(data["version"], bool)):
        raise LessonFileError("version must be a whole number")
    try:
        return Lesson.settings_from_dict(data)
    except LessonError as error:
        raise LessonFileError(_named(error)) from None


def _named(error: LessonError) -> str:
    said = error.message
    return said if error.field == "lesson" or said.startswith(error.field) else f"{error.field}: {said}"


def load_lesson(lesson: Lesson, path: str | os.PathLike) -> None:
    """Replace ``lesson``'s settings with the file's, all or nothing (settings the file does
    not name take their defaults), or :class:`LessonFileError` with the lesson unchanged."""
    settings = read_lesson(path)
    try:
        lesson.load_settings(settings)
    except LessonError as error:
        raise LessonFileError(_named(error)) from None


def read_lesson(path: str | os.PathLike) -> dict[str, Any]:
    """The settings a lesson file holds (see :func:`parse_lesson_text`)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LessonFileError(f"not a lesson file: it is {size / 1e6:.1f} MB, and a lesson is a few kB")
        raw = path.read_bytes()
    except OSError as error:
        raise LessonFileError(f"cannot read {path.name}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LessonFileError("not a lesson file: it is not text (UTF-8)") from None
    return parse_lesson_text(text)


def lesson_text(lesson: Lesson) -> str:
    """The file's text: :meth:`Lesson.to_dict` as indented JSON (Unicode kept as typed), a
    pair or a list of names on one line so a teacher can read and edit it."""
    data = lesson.to_dict()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    flat = re.sub(r"\[\s+((?:(?:\"[a-z-]+\"|-?[0-9.eE+-]+|true|false|null),?\s*)+)\]",
                  lambda m: "[" + ", ".join(part.strip() for part in m.group(1).split(",")) + "]", text)
    return (flat if json.loads(flat) == data else text) + "\n"


def write_lesson(path: str | os.PathLike, lesson: Lesson) -> None:
    """Save ``lesson`` to ``path``, whole or not at all (a temporary file renamed over it)."""
    path = Path(path)
    text = lesson_text(lesson)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise LessonFileError(f"cannot save {path.name}: {error.strerror or error}") from None
