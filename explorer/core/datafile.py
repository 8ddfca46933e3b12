"""Reading the JSON files a teacher hands the app (lessons, question sets) as data only:
capped in size, UTF-8, strict JSON (no duplicate keys, no NaN or Infinity, no number or
nesting beyond what Python's reader takes), never executed.  Each file kind checks its own
fields afterwards; this is what they share."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000  # a lesson or a question set is a few kB; anything this large is not one


def shown(text: str) -> str:
    """``text`` as a message may echo it: a character that is not printable (a control
    character, a bidi override such as U+202E, a line separator) written as its escape
    (``\\u202e``), so a key or a file name cannot reorder or hide the message around it."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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


def read_text(path: str | os.PathLike, what: str, error: type[Exception], max_bytes: int = MAX_BYTES) -> str:
    """A ``what`` file's text (at most :data:`MAX_BYTES`, UTF-8), or ``error(message)``.

    Only a regular file is read (a link is followed to one): a pipe, a device such as
    ``/dev/zero`` or a folder is refused.  It is opened without blocking (a FIFO put there
    after the check cannot hang the window), checked again once open, and read up to
    ``max_bytes + 1`` bytes whatever its size claims (``max_bytes``: :data:`MAX_BYTES` unless a
    kind of file may be larger, as a data set of 100,000 rows is)."""
    path = Path(path)
    try:
        _regular(os.stat(path), path, what, error, max_bytes)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            _regular(os.fstat(descriptor), path, what, error, max_bytes)  # what was opened, not what was looked at
            chunks, left = [], max_bytes + 1
            while left > 0:
                chunk = os.read(descriptor, min(left, 1 << 16))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(descriptor)
    except OSError as problem:
        raise error(f"cannot read {shown(path.name)}: {problem.strerror or problem}") from None
    except error:  # said by _regular (a lesson's or a question's error is a ValueError too)
        raise
    except ValueError:  # a NUL in the name (a damaged settings file's remembered path)
        raise error(f"cannot read {shown(path.name)}: no file can have that name") from None
    raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise error(f"not a {what} file: it is over {max_bytes / 1e6:.0f} MB, {_most(what, max_bytes)}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"not a {what} file: it is not text (UTF-8)") from None


def _most(what: str, max_bytes: int) -> str:
    return f"and a {what} file is a few kB" if max_bytes == MAX_BYTES else f"the most a {what} file may be"


def _regular(info: os.stat_result, path: Path, what: str, error: type[Exception], max_bytes: int = MAX_BYTES) -> None:
    """``error`` unless ``info`` is a regular file of at most ``max_bytes``."""
    if stat.S_ISDIR(info.st_mode):
        raise error(f"not a {what} file: {shown(path.name)} is a folder")
    if not stat.S_ISREG(info.st_mode):
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device" if (
            stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)) else "not a regular file"
        raise error(f"not a {what} file: {shown(path.name)} is {kind}, not a file")
    if info.st_size > max_bytes:
        raise error(f"not a {what} file: it is {info.st_size / 1e6:.1f} MB, {_most(what, max_bytes)}")
