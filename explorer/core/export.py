"""What leaves the app for a slide or a spreadsheet, without Qt: every run's iterates as
CSV, and frames (numpy RGB arrays) encoded as an animated GIF (Pillow) or an MP4 (PyAV,
an optional extra: ``pip install av``).

The frames themselves are rendered by the views (:mod:`explorer.ui.export`); this module
only writes them.
"""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .calculus import Function
from .datafile import shown
from .descent import Descent, DescentResult, descend
from .safe_write import FileWriteError, Replacement, check_target, write_bytes

__all__ = ["whole_runs", "iterates_csv", "write_iterates_csv", "csv_header", "GifWriter", "Mp4Writer",
           "animation_writer", "MP4_MISSING", "ExportError", "size_refusal", "MAX_SIDE", "MAX_PIXELS",
           "IMAGE_SUFFIXES", "ANIMATION_SUFFIXES"]

# What a picture may cost.  Rendering off screen holds the multisampled framebuffer, its
# resolved image and a copy or two: ~48 bytes a pixel on top of the window (measured with
# llvmpipe: 4096 × 4096 took 1.1 GB in all, 8192 × 8192 over 3 GB).  One limit for the
# command line and the window's export dialogs.
MAX_SIDE = 8192  #: pixels, either side (half of llvmpipe's largest texture)
MAX_PIXELS = 4096 * 4096  #: pixels in all: a 4K slide (3840 × 2160) twice over
BYTES_PER_PIXEL = 48  #: what a pixel costs while it is rendered (see above)
WINDOW_BYTES = 350_000_000  #: the window that renders it (the command line builds one)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")  #: what a rendered picture is written as
ANIMATION_SUFFIXES = (".gif", ".mp4")


def size_refusal(width: int, height: int) -> str | None:
    """Why a picture of ``width`` × ``height`` pixels is not made (None: it is made): a side
    beyond :data:`MAX_SIDE`, more than :data:`MAX_PIXELS` in all, or more memory than the
    machine has free."""
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        return f"each side is 16 to {MAX_SIDE} pixels (got {width}×{height})"
    if width * height > MAX_PIXELS:
        return (f"{width}×{height} is {width * height / 1e6:.0f} million pixels: at most {MAX_PIXELS / 1e6:.1f} million "
                f"(4096×4096, or 3840×2160 twice over), which already takes about "
                f"{(MAX_PIXELS * BYTES_PER_PIXEL + WINDOW_BYTES) / 1e9:.1f} GB to render")
    free = _free_memory()
    need = width * height * BYTES_PER_PIXEL
    if free is not None and need > free:
        return (f"{width}×{height} needs about {need / 1e9:.1f} GB to render and this machine has "
                f"{free / 1e9:.1f} GB free: choose a smaller size")
    return None


def _free_memory() -> int | None:
    """Bytes of memory free for a new allocation (None where the system does not say)."""
    try:  # Linux: what can be had without swapping, the page cache included
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None

MP4_MISSING = ("MP4 needs PyAV, which is not installed: install it with "
               "`.venv/bin/pip install av` (or pip install 'gradient-explorer[video]'), or export a GIF")


class ExportError(ValueError):
    """An export that cannot be made: ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def whole_runs(lesson) -> list[DescentResult]:
    """Every run of ``lesson`` from its start to its end (as *Run to end* would take it,
    up to the lesson's step limit): one :class:`DescentResult` each, in run order.  Plain
    and the optimizers come from :func:`descend` (what ``explorer descend`` prints);
    coordinate descent from its own stepping."""
    from .lesson import MAX_STEPS

    start = tuple(lesson.runs[0].start)
    run_type = lesson.source.run_type
    if run_type is not Descent:  # no fast loop (coordinate descent: a variable at a time): stepped to the end
        run = run_type(lesson.curve, lesson.learning_rate, start, max_steps=MAX_STEPS, trail_length=MAX_STEPS + 1)
        run.run_to_end()
        iterates = np.array(run.path(), dtype=np.float64)
        evaluated = np.array([lesson.curve.evaluate_point(tuple(p)) for p in iterates], dtype=np.float64)
        return [DescentResult(iterates, evaluated[:, 0], evaluated[:, 1:], run.status, run.steps, run.message,
                              run.learning_rate, optimizer=run.optimizer)]
    return [descend(lesson.curve, o.learning_rate, start, MAX_STEPS, optimizer=o) for o in lesson.optimizers]


def csv_header(function: Function) -> list[str]:
    """``run, step, w, b, L, dL/dw, dL/db``: named after the function and its variables."""
    names = list(function.variable_names)
    return ["run", "step", *names, function.name, *(f"d{function.name}/d{v}" for v in names)]


def iterates_csv(function: Function, runs: Sequence[DescentResult]) -> str:
    """One row per iterate of every run, the start first (step 0), as the JSON's
    ``iterates``: run number (from 1), step, the coordinates, f and its partials there.
    Numbers are written in full (``repr``); an undefined value is ``nan``."""
    out = io.StringIO()
    write_iterates_csv(out, function, runs)
    return out.getvalue()


def write_iterates_csv(out, function: Function, runs: Sequence[DescentResult]) -> None:
    """:func:`iterates_csv` written row by row into the text stream ``out`` (a million
    rows to stdout never held as one string)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(function))
    for number, run in enumerate(runs, start=1):
        for step, (point, value, gradient) in enumerate(zip(run.iterates.tolist(), run.values.tolist(),
                                                           run.gradients.tolist())):
            writer.writerow([number, step, *map(_number, point), _number(value), *map(_number, gradient)])


def _number(value: float) -> str:
    return repr(float(value)) if math.isfinite(value) else ("nan" if math.isnan(value) else repr(float(value)))


# ---------------------------------------------------------------------- animations
UNCHANGED = 255  # a GIF frame's palette index for "as in the frame before" (transparent)


class GifWriter:
    """An animated GIF, one RGB frame at a time: every frame mapped to the first frame's
    256-colour palette without dithering, so what does not move stays the same pixels and
    Pillow stores only each frame's changed rectangle (a run moving over a still surface
    costs a few kB a frame, not a whole picture).  ``keep_colors`` ((r, g, b) 0–255) are put
    in the palette exactly: the runs' colours, so a legend's swatch is the colour of its path
    (a median cut of the first frame, where the runs are a few pixels, would shift them)."""

    MAX_FRAMES = 3000  # ~0.75 MB a frame held until the file is written: a GIF this long is a video
    MAX_BYTES = 1_500_000_000  # the frames held (a byte a pixel): 60 frames of 8192 × 8192 would be 4 GB
    # The "unchanged" index's own palette entry: a colour no frame draws, so no pixel is
    # mapped to it (it would turn transparent and show the frame before).
    _NEVER_DRAWN = (1, 254, 3)

    def __init__(self, path: str | os.PathLike, frame_ms: int, keep_colors: Sequence[tuple[int, int, int]] = ()):
        self.path, self.frame_ms = Path(path), int(frame_ms)
        self.keep_colors = list(dict.fromkeys(tuple(int(c) for c in color[:3]) for color in keep_colors))[:64]
        try:  # a device, a pipe or a folder at path: refused before any frame is made
            check_target(self.path)
        except FileWriteError as error:
            raise ExportError(error.message) from None
        self._palette = None
        self._previous = None  # the last frame's palette indices (H, W) uint8
        self._frames: list = []
        self._bytes = 0

    def add(self, frame: np.ndarray) -> None:
        """``frame``: (H, W, 3) uint8 RGB."""
        from PIL import Image

        if len(self._frames) >= self.MAX_FRAMES:
            raise ExportError(f"a GIF holds at most {self.MAX_FRAMES} frames: export fewer steps, or an MP4")
        self._bytes += frame.shape[0] * frame.shape[1]
        if self._bytes > self.MAX_BYTES:
            raise ExportError(f"a GIF holds its frames in memory until it is written, at most {self.MAX_BYTES / 1e9:.1f} GB: "
                              f"{len(self._frames) + 1} frames of {frame.shape[1]}×{frame.shape[0]} are more — "
                              f"export fewer steps, a smaller size, or an MP4")
        image = Image.fromarray(np.ascontiguousarray(frame[..., :3]), "RGB")
        if self._palette is None:  # 255 colours: the last index is "unchanged" (transparent)
            self._palette = self._first_palette(image)
        indexed = image.quantize(palette=self._palette, dither=Image.Dither.NONE)
        pixels = np.asarray(indexed)
        if self._previous is not None and self._previous.shape == pixels.shape:
            # A pixel as it was in the frame before is left transparent (the frame before
            # shows through): long runs of one index, which LZW stores in almost nothing —
            # the numbers changing beside a run moving no longer cost the whole frame.
            delta = np.where(pixels == self._previous, UNCHANGED, pixels).astype(np.uint8)
            indexed = Image.fromarray(delta, "P")
            indexed.putpalette(self._palette.getpalette())
        self._previous = pixels
        self._frames.append(indexed)

    def _first_palette(self, image):
        """The palette image every frame is mapped to: the first frame's median cut, the
        kept colours exactly, and the "unchanged" index on a colour never drawn."""
        from PIL import Image

        cut = image.quantize(colors=UNCHANGED - len(self.keep_colors), method=Image.Quantize.MEDIANCUT,
                             dither=Image.Dither.NONE)
        used = UNCHANGED - len(self.keep_colors)
        entries = (cut.getpalette() or [])[: 3 * used]
        entries += [0] * (3 * used - len(entries))
        for color in self.keep_colors:
            entries += list(color)
        entries += list(self._NEVER_DRAWN)
        palette = Image.new("P", (1, 1))
        palette.putpalette(entries)
        return palette

    def abort(self) -> None:
        self._frames.clear()

    def close(self) -> None:
        if not self._frames:
            raise ExportError("an animation needs at least one frame")
        first, *rest = self._frames
        encoded = io.BytesIO()
        first.save(encoded, format="GIF", save_all=True, append_images=rest, duration=self.frame_ms, loop=0,
                   disposal=1, optimize=False, transparency=UNCHANGED)
        try:  # whole or not at all: a file already there survives a failure
            write_bytes(self.path, encoded.getvalue())
        except FileWriteError as error:
            raise ExportError(error.message) from None


class Mp4Writer:
    """An H.264 MP4 (PyAV's own FFmpeg): plays in any browser, slide deck or video player."""

    def __init__(self, path: str | os.PathLike, frame_ms: int):
        try:
            import av
        except ImportError:
            raise ExportError(MP4_MISSING) from None
        from fractions import Fraction

        self.path = Path(path)
        try:  # written beside the target and renamed when whole (a device or a folder there: refused)
            self._replacement = Replacement(self.path)
        except FileWriteError as error:
            raise ExportError(error.message) from None
        try:
            self._container = av.open(str(self._replacement.temporary), mode="w", format="mp4")
        except (OSError, av.FFmpegError) as error:
            self._replacement.discard()
            raise self._cannot(error) from None
        self._rate = Fraction(1000, max(1, int(frame_ms)))
        self._stream = None
        self._av = av

    def add(self, frame: np.ndarray) -> None:
        frame = np.ascontiguousarray(frame[..., :3])
        height, width = frame.shape[:2]
        # yuv420p, which every player takes, needs even sides.
        frame = frame[: height - height % 2, : width - width % 2]
        if self._stream is None:
            self._stream = self._container.add_stream("libx264", rate=self._rate)
            self._stream.width, self._stream.height = frame.shape[1], frame.shape[0]
            self._stream.pix_fmt = "yuv420p"
            self._stream.options = {"crf": "20", "preset": "fast"}
        video = self._av.VideoFrame.from_ndarray(frame, format="rgb24")
        try:  # PyAV opens the file at the first packet: a missing folder or a full disk shows here
            for packet in self._stream.encode(video):
                self._container.mux(packet)
        except (OSError, self._av.FFmpegError) as error:
            raise self._cannot(error) from None

    def _cannot(self, error: Exception) -> ExportError:
        # The reason (a full disk …), not FFmpeg's path of the temporary file.
        return ExportError(f"cannot write {shown(self.path.name)}: {getattr(error, 'strerror', None) or error}")

    def abort(self) -> None:
        """Stop without finishing the file; what was written of it is deleted."""
        try:
            self._container.close()
        except Exception:  # noqa: BLE001 - a half-written file is deleted anyway
            pass
        self._replacement.discard()

    def close(self) -> None:
        if self._stream is None:
            self.abort()
            raise ExportError("an animation needs at least one frame")
        try:
            for packet in self._stream.encode():
                self._container.mux(packet)
            self._container.close()
        except (OSError, self._av.FFmpegError) as error:
            self._replacement.discard()
            raise self._cannot(error) from None
        try:
            self._replacement.commit()
        except FileWriteError as error:
            raise ExportError(error.message) from None


def animation_writer(path: str | os.PathLike, frame_ms: int, keep_colors: Sequence[tuple[int, int, int]] = ()):
    """A :class:`GifWriter` (with ``keep_colors`` exact in its palette) or
    :class:`Mp4Writer` for ``path``'s suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".gif":
        return GifWriter(path, frame_ms, keep_colors)
    if suffix == ".mp4":
        return Mp4Writer(path, frame_ms)
    raise ExportError(f"an animation is a .gif or an .mp4, not {suffix or 'a file with no suffix'}")


def write_frames(path: str | os.PathLike, frames: Iterable[np.ndarray], frame_ms: int) -> None:
    """Every frame of ``frames`` into ``path`` (.gif or .mp4)."""
    writer = animation_writer(path, frame_ms)
    for frame in frames:
        writer.add(frame)
    writer.close()
