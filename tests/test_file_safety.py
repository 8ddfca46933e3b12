"""Files read as data and written so that a failure keeps what was there (issue #18, items
1–4): a settings file cannot run code, a full disk never leaves a truncated file behind a
word of success, a device node or a pipe is never replaced, a pipe or /dev/zero never
freezes the window, and what is written respects the umask."""

import errno
import json
import os
import signal
import stat
import subprocess

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explorer.core.lesson import Lesson
from explorer.core.safe_write import FileWriteError, write_bytes
from explorer.ui.settings_store import FILE_NAME, folder as settings_folder
from helpers import make_window, type_function

KEYS = ("view/theme", "lessons/last", "lessons/recent", "window/geometry", "window/state", "lessons/last_path")


class _RunsAShellCommand:
    """Unpickling this object runs ``touch MARKER``: what a hostile settings file holds."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


def _variant_text(marker) -> str:
    """The INI text QSettings writes for a pickled Python object: ``@Variant(…PyObjectWrapper…)``."""
    scratch = QSettings(str(marker) + ".scratch.ini", QSettings.Format.IniFormat)
    scratch.setValue("k", _RunsAShellCommand(marker))
    scratch.sync()
    with open(str(marker) + ".scratch.ini", encoding="utf-8") as ini:
        return next(line for line in ini if line.startswith("k="))[2:].rstrip("\n")


@pytest.fixture
def no_alarm():
    """A read that would block forever fails the test after 20 s instead of hanging it."""

    def timed_out(*_):
        raise TimeoutError("blocked reading a file")

    previous = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------- 1: settings
def test_a_pickled_variant_in_every_remembered_key_runs_nothing_and_the_app_starts_with_defaults(qtbot, tmp_path):
    marker = tmp_path / "PWNED"
    variant = _variant_text(marker)
    assert "PyObjectWrapper" in variant
    # Where a previous version kept its settings (QSettings' INI file), written as text: a
    # QSettings of this process would hand back its cached object, not unpickle the file's.
    ini = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "GradientExplorer",
                    "Gradient Explorer").fileName()
    sections: dict = {}
    for key in KEYS:
        section, name = key.split("/")
        sections.setdefault(section, []).append(f"{name}={variant}")
    os.makedirs(os.path.dirname(ini), exist_ok=True)
    with open(ini, "w", encoding="utf-8") as out:
        out.write("".join(f"[{section}]\n" + "\n".join(lines) + "\n\n" for section, lines in sections.items()))
    assert not marker.exists()  # planting it ran nothing
    # … and the same text in every key of the settings file read now.
    store = settings_folder() / FILE_NAME
    store.write_text(json.dumps({key: variant for key in KEYS}), encoding="utf-8")

    window = make_window(qtbot)
    assert window.restore_session() is False
    window.recent_menu.aboutToShow.emit()  # File ▸ Open recent, opened: nothing planted runs
    assert window.recent_lessons() == [] and window.theme_choice == "system"
    assert window.lesson == Lesson() and window.lesson_path is None
    window.set_theme("dark")  # a write merges with the file as it is
    window.set_theme("system")
    window.close()  # and closing writes the layout and the lesson
    assert not marker.exists()
    kept = json.loads(store.read_text(encoding="utf-8"))
    assert all(isinstance(value, str) for value in kept.values())  # only plain text is ever written
    assert kept["view/theme"] == "system" and "PyObjectWrapper" not in kept["lessons/last"]
    os.remove(ini)


CORRUPT_SETTINGS = {
    "empty": b"",
    "not text": bytes(range(256)),
    "half an object": b'{"view/theme": "da',
    "a list": b'["view/theme", "dark"]',
    "numbers and objects": b'{"view/theme": 5, "lessons/recent": {"a": 1}, "window/geometry": [1, 2]}',
    "geometry not base64": b'{"window/geometry": "!!not base64!!", "window/state": "AAAA"}',
    "geometry of random bytes": b'{"window/geometry": "' + __import__("base64").b64encode(os.urandom(300)) + b'"}',
    "recent not a list": b'{"lessons/recent": "not json at all"}',
    "recent of numbers": b'{"lessons/recent": "[1, 2e400, {\\"a\\": null}]"}',
    "a last lesson beyond a float": b'{"lessons/last": "{\\"resolution\\": 1e400, \\"point\\": [' + b"9" * 400 + b', 0]}"}',
    "a last lesson that is not one": b'{"lessons/last": "[[[[", "lessons/last_path": "\\u0000"}',
    "a remembered path no file can have": b'{"lessons/last": "{}", "lessons/last_path": "a\\u0000b"}',
    "duplicate keys": b'{"view/theme": "dark", "view/theme": "light"}',
    "nested deep": b"[" * 100_000,
    "huge": b'{"x": "' + b"a" * 2_000_000 + b'"}',
    "an unknown theme": b'{"view/theme": "\\u202edark"}',
}


@pytest.mark.parametrize("content", CORRUPT_SETTINGS.values(), ids=CORRUPT_SETTINGS.keys())
def test_a_corrupt_settings_file_gives_the_defaults_and_never_stops_the_app(qtbot, content, capsys):
    (settings_folder() / FILE_NAME).write_bytes(content)
    window = make_window(qtbot)
    window.restore_session()
    window.recent_menu.aboutToShow.emit()  # File ▸ Open recent, opened
    assert window.theme_choice == "system" and window.lesson == Lesson()
    assert window.isVisible() and window.width() > 0
    window.close()


@pytest.mark.parametrize("kind", ["fifo", "folder", "/dev/zero"])
def test_a_settings_file_that_is_a_pipe_a_folder_or_dev_zero_neither_blocks_nor_stops_the_app(qtbot, kind, no_alarm):
    path = settings_folder() / FILE_NAME
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    try:
        window = make_window(qtbot)
        assert window.restore_session() is False and window.recent_lessons() == []
        window.close()  # the settings cannot be written there: said on stderr, the window closes
    finally:
        path.rmdir() if kind == "folder" else path.unlink()


def test_a_remembered_lesson_path_that_is_a_pipe_does_not_block_the_start(qtbot, tmp_path, no_alarm):
    from explorer.ui.main_window import settings

    fifo = tmp_path / "tuesday.json"
    os.mkfifo(fifo)
    store = settings()
    store.setValue("lessons/last", '{"function": "x^2 - y^2"}')
    store.setValue("lessons/last_path", str(fifo))
    store.sync()
    window = make_window(qtbot)
    assert window.restore_session()
    assert window.lesson.function.text == "x^2 - y^2" and window.isWindowModified()


# ---------------------------------------------------------------------- 2, 3: writers
def _writers(window, tmp_path):
    """Every way the window writes a file: (name, file name, action returning True on success)."""
    return [
        ("lesson", "lesson.json", lambda p: window.save_lesson(p)),
        ("surface PNG", "surface.png", lambda p: window.export_surface_image(p, 320, 240)),
        ("plot PNG", "plot.png", lambda p: window.export_plot(p)),
        ("plot SVG", "plot.svg", lambda p: window.export_plot(p)),
        ("CSV", "iterates.csv", lambda p: window.export_csv(p)),
        ("GIF", "run.gif", lambda p: window.export_animation(p, steps=2, what="surface", size=(160, 120))),
    ]


def _mp4(window):
    """The MP4 writer (PyAV's FFmpeg writes the file itself, so only a real full disk tests it)."""
    pytest.importorskip("av")
    return ("MP4", "run.mp4", lambda p: window.export_animation(p, steps=2, what="surface", size=(160, 120)))


def test_a_write_error_midway_keeps_the_old_file_and_says_so(window, tmp_path, monkeypatch):
    real_write = os.write

    def disk_full(descriptor, data):  # the first few bytes go, then the disk is full
        if len(data) > 16:
            real_write(descriptor, bytes(data[:16]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(descriptor, data)

    for what, name, write in _writers(window, tmp_path):
        path = tmp_path / name
        path.write_bytes(b"last week's good file")
        monkeypatch.setattr(os, "write", disk_full)
        try:
            done = write(path)
        finally:
            monkeypatch.undo()
        message = window.statusBar().currentMessage()
        assert done is False, what
        assert message.startswith("⚠ cannot") and "No space left on device" in message, (what, message)
        assert "Exported" not in message and "Saved" not in message, what
        assert path.read_bytes() == b"last week's good file", what
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], what  # no half file left


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 kB tmpfs, filled to the last byte but for the files a test puts there first
    (skipped where mounting is not allowed: not root, or no tmpfs)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC


def test_on_a_full_disk_every_export_and_save_fails_and_keeps_the_file_there(window, tiny_disk):
    writers = [*_writers(window, tiny_disk), _mp4(window)]
    for _, name, _ in writers:
        (tiny_disk / name).write_bytes(b"last week's good file")
    window.lesson.update(function="x^2 + 3y^2 + sin(3x) cos(2y)")  # a busy picture: no PNG fits in a few bytes
    _fill(tiny_disk)
    for what, name, write in writers:
        assert write(tiny_disk / name) is False, what
        message = window.statusBar().currentMessage()
        assert message.startswith("⚠") and "No space left on device" in message, (what, message)
        assert (tiny_disk / name).read_bytes() == b"last week's good file", what
    assert sorted(p.name for p in tiny_disk.iterdir()) == sorted(["filler", *(n for _, n, _ in writers)])


def _make_node(kind: str, path) -> bool:
    """Put ``kind`` of special file at ``path``; False where this system does not allow it."""
    if kind == "a pipe (FIFO)":
        os.mkfifo(path)
    elif kind == "a folder":
        path.mkdir()
    else:  # a copy of /dev/full, what the fuzzer saved onto (making one needs root)
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("kind", ["a pipe (FIFO)", "a folder", "a device"])
def test_saving_or_exporting_onto_a_device_a_pipe_or_a_folder_is_refused_and_it_stays(window, tmp_path, kind):
    for what, name, write in [*_writers(window, tmp_path), _mp4(window)]:
        node = tmp_path / name
        if not _make_node(kind, node):
            pytest.skip("making a device node needs root")
        mode = os.lstat(node).st_mode
        assert write(node) is False, what
        message = window.statusBar().currentMessage()
        assert f"it is {kind}, not a file" in message, (what, message)
        assert os.lstat(node).st_mode == mode, what  # still the node it was
    assert window.lesson_path is None


def test_a_link_to_a_lesson_is_written_through_not_replaced(window, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert window.save_lesson(link)
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["version"] == 1


def test_a_new_file_respects_the_umask_and_an_old_one_keeps_its_mode(window, tmp_path):
    old_umask = os.umask(0o022)
    try:
        assert window.save_lesson(tmp_path / "new.json")
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
        os.umask(0o077)
        assert window.export_csv(tmp_path / "private.csv")
        assert stat.S_IMODE(os.stat(tmp_path / "private.csv").st_mode) == 0o600
        os.chmod(tmp_path / "new.json", 0o664)
        assert window.save_lesson(tmp_path / "new.json")
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o664
    finally:
        os.umask(old_umask)


def test_the_one_writer_refuses_special_files_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "kept.txt"
    path.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")))
    with pytest.raises(FileWriteError, match="cannot write kept.txt: Input/output error"):
        write_bytes(path, b"new")
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]


# ---------------------------------------------------------------------- 4: readers
def _unreadable(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    random = tmp_path / "random.json"
    random.symlink_to("/dev/urandom")
    return {fifo: "is a pipe (FIFO), not a file", zero: "is a device, not a file", random: "is a device, not a file"}


def test_opening_a_pipe_or_dev_zero_is_refused_at_once(window, tmp_path, no_alarm):
    before = window.lesson.to_dict()
    for path, said in _unreadable(tmp_path).items():
        assert window.open_lesson(path) is False
        message = window.statusBar().currentMessage()
        assert message.startswith(f"⚠ {path.name} was not opened") and said in message, message
        assert window.lesson.to_dict() == before


def test_loading_questions_from_a_pipe_or_dev_zero_is_refused_at_once(window, tmp_path, no_alarm):
    quiz = window.quiz_panel
    for path, said in _unreadable(tmp_path).items():
        assert quiz.load_questions(path) is False
        assert said in quiz.message.text()


def test_explorer_file_on_a_pipe_starts_with_the_reason_not_a_freeze(tmp_path, monkeypatch, qtbot, no_alarm):
    import sys

    from explorer.cli import main

    fifo = tmp_path / "lesson.json"
    os.mkfifo(fifo)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # the window is shown; the test looks at it
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app sets its own

    there = QApplication.topLevelWidgets()  # (the tests' shared window among them)
    assert main([str(fifo)]) == 0
    window = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "mainWindow" and w.isVisible() and not any(w is old for old in there))
    qtbot.addWidget(window)
    assert "is a pipe (FIFO), not a file" in window.statusBar().currentMessage()


# ---------------------------------------------------------------------- 8: numbers beyond a float
@pytest.mark.parametrize("at", ["1" + "0" * 400, "1e400", "-1e400"])
def test_a_question_at_a_point_beyond_a_float_is_refused_with_its_key(window, tmp_path, at):
    from explorer.core.quiz import QuizError, questions_from_text

    text = '{"questions": [{"function": "x^2 + y", "asks": "gradient", "at": [%s, 1]}]}' % at
    with pytest.raises(QuizError, match="question 1, at: must be the point"):
        questions_from_text(text)
    path = tmp_path / "questions.json"
    path.write_text(text, encoding="utf-8")
    assert window.quiz_panel.load_questions(path) is False
    assert "question 1, at:" in window.quiz_panel.message.text()
