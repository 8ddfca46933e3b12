"""Writing a file so that a failure keeps what was there: every file the app writes (a
lesson, the remembered settings, a picture, a plot, a table, an animation) goes through here.

The new content is written to a temporary file beside the target, flushed to the disk
(``fsync``), and renamed over the target only when whole; on any failure (a full disk, a
folder that went away) the temporary file is removed, the old file is untouched and
:class:`FileWriteError` says why.  A target that exists but is not a regular file (a
device such as ``/dev/full``, a pipe, a folder, a socket) is refused: renaming over it
would replace the device node with a file.  A new file gets the mode an editor gives it
(``0666`` less the umask), an existing one keeps its own.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .datafile import shown

__all__ = ["FileWriteError", "Replacement", "check_target", "write_bytes", "write_through"]


class FileWriteError(OSError):
    """A file that could not be written (the old one, if any, is kept): ``message`` says
    which and why (``cannot write NAME: REASON``); ``name`` and ``reason`` are its parts."""

    def __init__(self, name: str, reason: str):
        name = shown(name)  # a file name is echoed escaped (a bidi override cannot turn the message)
        super().__init__(f"cannot write {name}: {reason}")
        self.name, self.reason = name, reason
        self.message = f"cannot write {name}: {reason}"


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def check_target(path: str | os.PathLike) -> Path:
    """The file to write for ``path``: itself, or the regular file a link points to (a
    link is written through, as an editor does, not replaced).  :class:`FileWriteError`
    when something that is not a regular file is there."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return path  # a new name (a dangling link is refused by the rename's own error, below)
    except OSError as error:
        raise FileWriteError(path.name, error.strerror or str(error)) from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((said for test, said in _KINDS if test(info.st_mode)), "not a regular file")
        raise FileWriteError(path.name, f"it is {kind}, not a file — choose another name")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _new_file_mode() -> int:
    # The umask can only be read by setting it: set it back at once.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


class Replacement:
    """One file being replaced: ``temporary`` (beside the target, same suffix, so a writer
    that goes by the suffix still can) takes the new content; :meth:`commit` syncs it and
    renames it over the target, :meth:`discard` removes it and keeps the old file.  For a
    writer that streams (an MP4); :func:`write_through` is the one-call form."""

    def __init__(self, path: str | os.PathLike):
        self.requested = Path(path)
        self.target = check_target(self.requested)
        try:
            self._old = os.stat(self.target)
        except FileNotFoundError:
            self._old = None
        except OSError as error:
            raise FileWriteError(self.requested.name, error.strerror or str(error)) from None
        folder = self.target.parent
        try:
            handle, name = tempfile.mkstemp(prefix=f".{self.target.stem}.", suffix=f".partial{self.target.suffix}",
                                            dir=folder)
        except OSError as error:
            reason = error.strerror or str(error)
            raise FileWriteError(self.requested.name, reason + (" (is the folder there, and writable?)"
                                                                if not folder.is_dir() else "")) from None
        os.close(handle)
        self.temporary = Path(name)

    def commit(self) -> None:
        """The temporary file, flushed to the disk, becomes the target; :class:`FileWriteError`
        (and the old file kept) when that fails."""
        try:
            with open(self.temporary, "rb+") as written:  # on the disk before the rename, not after
                os.fsync(written.fileno())
            old = self._old
            os.chmod(self.temporary, stat.S_IMODE(old.st_mode) if old is not None else _new_file_mode())
            if old is not None and hasattr(os, "getuid") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                try:  # someone else's file, written by root: it stays theirs
                    os.chown(self.temporary, old.st_uid, old.st_gid)
                except OSError:
                    pass
            os.replace(self.temporary, self.target)
        except OSError as error:
            self.discard()
            raise FileWriteError(self.requested.name, error.strerror or str(error)) from None
        _sync_folder(self.target.parent)

    def discard(self) -> None:
        """Nothing written: the temporary file removed, the target as it was."""
        self.temporary.unlink(missing_ok=True)

    def failed(self, error: BaseException) -> BaseException:
        """After ``error`` from the writer: the temporary file removed, and the error to
        raise (an :class:`OSError` as a :class:`FileWriteError` naming the file)."""
        self.discard()
        if isinstance(error, OSError) and not isinstance(error, FileWriteError):
            return FileWriteError(self.requested.name, error.strerror or str(error))
        return error


def write_through(path: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """Make ``path`` whole or not at all: ``write(temporary)`` writes the content into a
    temporary file beside it, which is synced and renamed over ``path``.  ``write`` signals
    failure by raising (any exception; an :class:`OSError` becomes :class:`FileWriteError`)."""
    replacement = Replacement(path)
    try:
        write(replacement.temporary)
    except BaseException as error:
        raise replacement.failed(error) from None
    replacement.commit()


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """``data`` into ``path``, whole or not at all (see :func:`write_through`)."""

    def write(temporary: Path) -> None:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_TRUNC)
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked (a signal, a nearly full disk)
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)

    write_through(path, write)


def _sync_folder(folder: Path) -> None:
    """The rename itself made durable (best effort: not every system can sync a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
