"""Reading the JSON files a teacher hands the app (lessons, question sets) as data only:
capped in size, UTF-8, strict JSON (no duplicate keys, no NaN or Infinity, no number or
nesting beyond what Python's reader takes), never executed.  Each file kind checks its own
fields afterwards; this is what they share."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000  # a lesson or a question set is a few kB; anything this large is not one


def strict_json(text: str, what: str, error: type[Exception]) -> Any:
    """``text`` as JSON data, or ``error(message)`` saying why it is not a ``what`` file."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise error(f"the key {key!r} appears twice")
            seen[key] = value
        return seen

    def no_constant(name: str):
        raise error(f"{name} is not a number a {what} can hold")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except error:  # a duplicate key or a NaN, said by the hooks above
        raise
    except json.JSONDecodeError as decode:
        raise error(f"not a {what} file: it is not JSON (line {decode.lineno}, column {decode.colno}: "
                    f"{decode.msg.lower()})") from None
    except (ValueError, RecursionError):  # a 5,000-digit integer, arrays nested 10⁵ deep
        raise error(f"not a {what} file: it holds a number or nesting beyond what a {what} can be") from None


def read_text(path: str | os.PathLike, what: str, error: type[Exception]) -> str:
    """A ``what`` file's text (at most :data:`MAX_BYTES`, UTF-8), or ``error(message)``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error(f"not a {what} file: it is {size / 1e6:.1f} MB, and a {what} file is a few kB")
        raw = path.read_bytes()
    except OSError as problem:
        raise error(f"cannot read {path.name}: {problem.strerror or problem}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"not a {what} file: it is not text (UTF-8)") from None
