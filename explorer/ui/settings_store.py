"""What the window remembers between launches (the theme, the layout, the last lesson and
the recent ones), kept as data only: a small JSON object of plain strings in
``settings.json`` (``~/.config/GradientExplorer/`` on Linux), read through the same strict,
capped reader as a lesson file and written through the one safe writer.

Why not QSettings: PySide6's QSettings turns an INI value ``@Variant(… PySide::PyObjectWrapper …)``
back into a Python object with ``pickle.loads`` as soon as any key of its section is read
(``value``, ``contains``, ``childGroups``, ``allKeys``, and the re-read before every write),
so a settings file could run code at start-up.  Here every value is a string (structures as
JSON text, the window's geometry as base64 text) and nothing in the file is ever turned
into an object; a value of the wrong kind, or a file that is not such an object, is
ignored and the defaults are used.  The old ``Gradient Explorer.ini`` is never opened.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sys
from pathlib import Path

from ..core.datafile import read_text, strict_json

ORGANIZATION = "GradientExplorer"
FILE_NAME = "settings.json"
MAX_VALUE = 200_000  # characters: the last lesson is a few kB; the layout under 2 kB

_folder: Path | None = None


class SettingsError(ValueError):
    """A settings file that cannot be read as one (its values are not used)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def use_folder(folder: str | os.PathLike | None) -> None:
    """Keep the settings in ``folder`` (the tests, the benchmark, scripted figures: a user's
    own are neither read nor replaced); None: back to the user's."""
    global _folder
    _folder = Path(folder) if folder is not None else None


def folder() -> Path:
    """The folder the settings file is in: the user's configuration folder's ``GradientExplorer``."""
    if _folder is not None:
        return _folder
    from PySide6.QtCore import QStandardPaths

    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)) / ORGANIZATION


def read_values(path: Path) -> dict[str, str]:
    """The file's string values by key; ``{}`` when there is no file or it is not one
    (said on stderr: a broken settings file must not stop a class from starting)."""
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = strict_json(read_text(path, "settings", SettingsError), "settings", SettingsError)
    except SettingsError as error:
        print(f"explorer: the remembered settings were not used ({error.message}): the defaults instead",
              file=sys.stderr)
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items()
            if isinstance(key, str) and isinstance(value, str) and len(value) <= MAX_VALUE}


class SettingsStore:
    """The settings file, read once when made: typed reads that give the default for
    anything missing or of the wrong kind, writes kept until :meth:`sync` (which merges
    them into the file as it is then, so two windows do not undo each other's keys)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else folder() / FILE_NAME
        self._values = read_values(self.path)
        self._changes: dict[str, str | None] = {}
        self._cleared = False

    def fileName(self) -> str:  # noqa: N802 - the name QSettings gives it
        return str(self.path)

    # ---------------------------------------------------------------- reading
    def value(self, key: str, default=None):
        """The text kept under ``key`` (a string, never an object), or ``default``."""
        value = self._values.get(key)
        return value if isinstance(value, str) else default

    def text(self, key: str, default: str = "") -> str:
        return self.value(key, default)

    def strings(self, key: str) -> list[str]:
        """A list of strings kept as JSON text (Open recent); ``[]`` for anything else."""
        try:
            data = strict_json(self.value(key, "[]"), "settings", SettingsError)
        except SettingsError:
            return []
        return [item for item in data if isinstance(item, str)] if isinstance(data, list) else []

    def data(self, key: str) -> bytes | None:
        """Bytes kept as base64 text (the window's geometry and panes), or None."""
        text = self.value(key)
        if not text:
            return None
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            return None

    # ---------------------------------------------------------------- writing
    def setValue(self, key: str, value: str) -> None:  # noqa: N802 - the name QSettings gives it
        """Keep the text ``value`` under ``key`` (only text: structures go as JSON text)."""
        if not isinstance(value, str):
            raise TypeError(f"a setting is text, not {type(value).__name__} (use set_strings or set_data)")
        self._values[key] = value
        self._changes[key] = value

    def set_strings(self, key: str, values: list[str]) -> None:
        self.setValue(key, json.dumps([str(v) for v in values], ensure_ascii=False))

    def set_data(self, key: str, data: bytes) -> None:
        self.setValue(key, base64.b64encode(bytes(data)).decode("ascii"))

    def remove(self, key: str) -> None:
        self._values.pop(key, None)
        self._changes[key] = None

    def clear(self) -> None:
        """Forget every setting (written at :meth:`sync`)."""
        self._values.clear()
        self._changes.clear()
        self._cleared = True
        self.sync()

    def sync(self) -> bool:
        """Write the changes into the file (whole or not at all); False, said on stderr, when
        it cannot be written — the window still closes."""
        if not self._changes and not self._cleared:
            return True
        from ..core.safe_write import FileWriteError, write_bytes  # (late: the start reads settings, writes none)

        merged = {} if self._cleared else read_values(self.path)
        for key, value in self._changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(self.path, (json.dumps(merged, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        except (FileWriteError, OSError) as error:
            print(f"explorer: the settings could not be kept ({getattr(error, 'message', error)})", file=sys.stderr)
            return False
        self._values, self._changes, self._cleared = merged, {}, False
        return True


def settings() -> SettingsStore:
    """The settings as they are in the file now."""
    return SettingsStore()
