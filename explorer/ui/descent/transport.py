"""The transport: Play/Pause, Step, Reset and Run to end, the speed, and the clock that
asks for the steps due while playing (speed × the time since the last frame)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStyle, QWidget

from ..widgets import WholeBox, named

FRAME_MS = 16  # the animation timer: ~60 frames a second
MOST_STEPS_A_FRAME = 1000


class Transport(QObject):
    """The buttons (:attr:`buttons`, a row), the speed box and the clock.  ``stepsDue(n)``
    while playing; the panel steps the lesson."""

    stepsDue = Signal(int)
    playToggled = Signal(bool)

    def __init__(self, speed, parent: QWidget):
        super().__init__(parent)
        self._speed = speed  # () → steps a second
        # Icons from the style, not glyphs from a font (⏸ is missing from DejaVu).
        style = parent.style()
        self.play_button = named(QPushButton("Play"), "playButton", "Play or pause the descent")
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setCheckable(True)
        self.step_button = named(QPushButton("Step"), "stepButton", "Take one step")
        self.reset_button = named(QPushButton("Reset"), "resetButton", "Back to the start")
        self.skip_button = named(QPushButton("Run to end"), "skipButton", "Take all remaining steps at once")
        for button, icon in ((self.step_button, QStyle.StandardPixmap.SP_MediaSkipForward),
                             (self.reset_button, QStyle.StandardPixmap.SP_MediaSkipBackward),
                             (self.skip_button, QStyle.StandardPixmap.SP_MediaSeekForward)):
            button.setIcon(style.standardIcon(icon))
        self.speed_input = named(WholeBox("the speed"), "speedInput", "Animation speed in steps per second")
        self.speed_input.setRange(1, 600)
        self.speed_input.setSuffix(" steps/s")
        self.speed_input.setToolTip("Animation speed")
        self.speed_input.setKeyboardTracking(False)
        self.buttons = QHBoxLayout()
        for button in (self.play_button, self.step_button, self.reset_button, self.skip_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_timer)
        self._clock = QElapsedTimer()
        self._owed = 0.0  # steps due but not yet taken (speed × elapsed time)
        self.play_button.toggled.connect(self._on_play_toggled)

    @property
    def playing(self) -> bool:
        return self.play_button.isChecked()

    @property
    def ticking(self) -> bool:
        """Whether the clock asks for steps (it stops when the run ends or is paused)."""
        return self.timer.isActive()

    def pause(self) -> None:
        if self.playing:
            self.play_button.setChecked(False)

    def restart_clock(self) -> None:
        """A fresh run: nothing owed."""
        self._owed = 0.0
        self._clock.restart()

    def show_speed(self, speed: int) -> None:
        self.speed_input.blockSignals(True)
        self.speed_input.setValue(speed)
        self.speed_input.blockSignals(False)

    def _on_timer(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self._owed += elapsed * self._speed()
        due = int(self._owed)
        if due:
            self._owed -= due
            self.stepsDue.emit(min(due, MOST_STEPS_A_FRAME))

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.play_button.style().standardIcon(icon))
        self.playToggled.emit(playing)  # first: a finished run is reset before the clock starts
        if playing:
            self._clock.restart()
            self._owed = 1.0  # the first step shows at once
            self.timer.start()
        else:
            self.timer.stop()
