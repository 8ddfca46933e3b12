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
from pathlib import Path
from typing import Any

from .datafile import read_text, shown, strict_json
from .lesson import Lesson, LessonError
from .safe_write import FileWriteError, write_bytes

SUFFIX = ".json"


class LessonFileError(ValueError):
    """A lesson file that cannot be read or written: ``message`` says what and where."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_lesson_text(text: str) -> dict[str, Any]:
    """The lesson's settings (flat; each named key known) from a file's text, or
    :class:`LessonFileError`.  Their values are checked when they are loaded."""
    data = strict_json(text, "lesson", LessonFileError)
    if isinstance(data, dict) and "version" in data and not (isinstance(data["version"], int)
                                                             and not isinstance(data["version"], bool)):
        raise LessonFileError("version must be a whole number")
    try:
        return Lesson.settings_from_dict(data)
    except LessonError as error:
        raise LessonFileError(_named(error)) from None


def _named(error: LessonError) -> str:
    said = error.message
    return said if error.field == "lesson" or said.startswith(error.field) else f"{shown(error.field)}: {said}"


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
    return parse_lesson_text(read_text(path, "lesson", LessonFileError))


def lesson_text(lesson: Lesson) -> str:
    """The file's text: :meth:`Lesson.to_dict` as indented JSON (Unicode kept as typed), a
    pair or a list of names on one line so a teacher can read and edit it."""
    data = lesson.to_dict()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    flat = re.sub(r"\[\s+((?:(?:\"[a-z-]+\"|-?[0-9.eE+-]+|true|false|null),?\s*)+)\]",
                  lambda m: "[" + ", ".join(part.strip() for part in m.group(1).split(",")) + "]", text)
    return (flat if json.loads(flat) == data else text) + "\n"


def write_lesson(path: str | os.PathLike, lesson: Lesson) -> None:
    """Save ``lesson`` to ``path``, whole or not at all (:func:`~.safe_write.write_bytes`:
    written beside it and renamed; a device, a pipe or a folder at ``path`` is refused)."""
    path = Path(path)
    try:
        write_bytes(path, lesson_text(lesson).encode("utf-8"))
    except FileWriteError as error:
        raise LessonFileError(f"cannot save {error.name}: {error.reason}") from None
