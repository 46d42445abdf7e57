"""Learn page, Lagrange multipliers: the stationary points of x + y on a circle, numerically (SciPy) and in
closed form."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class LagrangePoint:
    """A stationary point of L(x, y, λ) = f(x, y) + λ·g(x, y) with f = x + y and g = x² + y² − c."""

    kind: str  # "max" or "min" of f on the circle
    x: float
    y: float
    lam: float
    f: float


def _lagrangian_gradient(v: np.ndarray, c: float) -> np.ndarray:
    x, y, lam = v
    return np.array([1 + 2 * lam * x, 1 + 2 * lam * y, x ** 2 + y ** 2 - c])  # ∂L/∂x, ∂L/∂y, ∂L/∂λ


def lagrange_numeric(c: float = 32.0) -> list[LagrangePoint]:
    """Solve ∇L = 0 with scipy.optimize.root from one start in each quadrant where f can be extreme."""
    from scipy.optimize import root

    if c <= 0:
        raise ValueError(f"c: the circle x² + y² = c needs c > 0, got {c}")
    points = []
    for start in ((1.0, 1.0, -1.0), (-1.0, -1.0, 1.0)):
        solution = root(_lagrangian_gradient, start, args=(c,), tol=1e-12)
        x, y, lam = solution.x
        points.append((x, y, lam))
    points.sort(key=lambda p: -(p[0] + p[1]))
    return [LagrangePoint(kind, x, y, lam, x + y) for kind, (x, y, lam) in zip(("max", "min"), points)]


def lagrange_closed_form(c: float = 32.0) -> list[LagrangePoint]:
    """By hand: 1 + 2λx = 0 and 1 + 2λy = 0 give x = y = −1/(2λ); on the circle x = ±√(c/2), λ = ∓1/(2√(c/2))."""
    r = np.sqrt(c / 2)
    return [LagrangePoint("max", r, r, -1 / (2 * r), 2 * r), LagrangePoint("min", -r, -r, 1 / (2 * r), -2 * r)]


def lagrange_table(c: float = 32.0) -> pd.DataFrame:
    """The numerical and closed-form solutions side by side, one row per extreme."""
    rows = []  # lam_minus: the λ of L = f − λg, the sign the notes print
    for numeric, exact in zip(lagrange_numeric(c), lagrange_closed_form(c)):
        rows.append({"kind": numeric.kind, "x": numeric.x, "y": numeric.y, "f": numeric.f, "lam_numeric": numeric.lam,
                     "lam_exact": exact.lam, "lam_minus": -exact.lam})
    return pd.DataFrame(rows)


def gradients_on_circle(c: float, angle_deg: float) -> dict[str, object]:
    """At the circle point at ``angle_deg``: ∇f, ∇g and the angle between them (0° or 180° only at the extremes)."""
    r = np.sqrt(c)
    point = np.array([r * np.cos(np.radians(angle_deg)), r * np.sin(np.radians(angle_deg))])
    grad_f, grad_g = np.array([1.0, 1.0]), 2 * point
    cosine = grad_f @ grad_g / (np.linalg.norm(grad_f) * np.linalg.norm(grad_g))
    return {"point": point, "grad_f": grad_f, "grad_g": grad_g,
            "angle": float(np.degrees(np.arccos(np.clip(cosine, -1, 1)))), "f": float(point.sum())}
