"""Hand-drawn digits for tests: each digit as pen strokes, drawn in the style of one of several writers.

The strokes are what a person draws on Draw & Predict's canvas: the browser tests move the mouse along them, and
``drawn_digit`` renders them with Pillow as the canvas would (white pen on black, 280×280) so unit tests get
drawings without a browser. A writer is a seed: their slant, proportions, pen width and wobble are fixed by it,
so several writers' digits differ the way a class's handwriting does, and none of it is MNIST.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

CANVAS = 280


def _arc(cx, cy, rx, ry, start, end, points=12):
    """Points along an ellipse from angle ``start`` to ``end`` (degrees, 0 = right, 90 = down)."""
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in np.linspace(start, end, points)]


# Each digit: strokes of (x, y) points in a unit box, (0, 0) top left, as a person draws them
STROKES = {
    0: [_arc(0.5, 0.5, 0.3, 0.42, -90, 270, 20)],
    1: [[(0.38, 0.25), (0.55, 0.08), (0.55, 0.92)]],
    2: [_arc(0.5, 0.3, 0.28, 0.22, 200, 370, 10) + [(0.22, 0.9), (0.8, 0.9)]],
    3: [_arc(0.48, 0.3, 0.27, 0.21, 210, 450, 10) + _arc(0.48, 0.7, 0.3, 0.21, -90, 150, 10)],
    4: [[(0.6, 0.08), (0.18, 0.65), (0.85, 0.65)], [(0.62, 0.35), (0.62, 0.95)]],
    5: [[(0.78, 0.1), (0.3, 0.1), (0.27, 0.45)] + _arc(0.5, 0.66, 0.3, 0.25, -120, 150, 12)],
    6: [[(0.68, 0.08)] + _arc(0.5, 0.68, 0.28, 0.25, 200, 560, 18)],
    7: [[(0.2, 0.1), (0.8, 0.1), (0.4, 0.92)]],
    8: [_arc(0.5, 0.28, 0.22, 0.2, 90, 450, 14), _arc(0.5, 0.7, 0.28, 0.22, -90, 270, 16)],
    9: [_arc(0.5, 0.3, 0.26, 0.22, 0, 360, 16) + [(0.76, 0.3), (0.7, 0.95)]],
}


def writer_style(writer: int) -> dict:
    """One writer's fixed habits: slant, width and height of their digits, pen width, wobble."""
    rng = np.random.default_rng(1000 + writer)
    return {"slant": rng.uniform(-0.35, 0.35), "width": rng.uniform(0.65, 1.0), "height": rng.uniform(0.75, 1.0),
            "pen": int(rng.integers(14, 30)), "wobble": rng.uniform(0.005, 0.03)}


def strokes_px(digit: int, writer: int, sample: int = 0) -> tuple[list[list[tuple[float, float]]], int]:
    """The strokes of ``digit`` in canvas pixels as ``writer`` draws it (``sample``: which of their attempts),
    and their pen width."""
    style = writer_style(writer)
    rng = np.random.default_rng(hash((digit, writer, sample)) & 0xFFFFFFFF)
    box_w, box_h = 200 * style["width"], 220 * style["height"]
    left, top = (CANVAS - box_w) / 2 + rng.uniform(-15, 15), (CANVAS - box_h) / 2 + rng.uniform(-10, 10)
    out = []
    for stroke in STROKES[digit]:
        points = []
        for x, y in stroke:
            x, y = x + style["slant"] * (0.5 - y), y  # a slant leans the top of the digit right or left
            x, y = x + rng.normal(0, style["wobble"]), y + rng.normal(0, style["wobble"])
            points.append((left + x * box_w, top + y * box_h))
        out.append(points)
    return out, style["pen"]


def drawn_digit(digit: int, writer: int, sample: int = 0) -> np.ndarray:
    """The canvas (280×280 grey levels, white ink on black) after ``writer`` drew ``digit``."""
    image = Image.new("L", (CANVAS, CANVAS))
    pen = ImageDraw.Draw(image)
    strokes, width = strokes_px(digit, writer, sample)
    for points in strokes:
        pen.line(points, fill=255, width=width, joint="curve")
        for x, y in (points[0], points[-1]):  # round pen ends, as the canvas draws them
            pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=255)
    return np.asarray(image)
