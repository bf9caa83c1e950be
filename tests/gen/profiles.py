"""Hypothesis settings for the round trips: deterministic in CI, larger on demand.

PLANBOT_ROUNDTRIP_EXAMPLES multiplies every test's example count (e.g. 10 for thousands of text
plans); PLANBOT_ROUNDTRIP_PROFILE=dev draws fresh random examples instead of the fixed CI ones.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

# Shrinking a plan takes minutes (each step re-reads a document); CI reports the first failure as drawn.
_NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]

settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True, phases=_NO_SHRINK,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("PLANBOT_ROUNDTRIP_PROFILE", "ci")  # not loaded globally: other tests keep theirs

if PROFILE == "ci":
    # Hypothesis draws 5 % of values from constants it finds in the local modules already imported, so a
    # derandomized test drew other plans in the full run than alone (CI failed on a plan no local run saw).
    # Fixed examples need a fixed pool: the local one is kept empty; the dev profile keeps Hypothesis's own.
    from hypothesis.internal.conjecture import providers as _providers

    _EMPTY_LOCAL = _providers.Constants(integers=_providers.SortedSet(), bytes=_providers.SortedSet(),
                                        floats=_providers.SortedSet(key=_providers.float_to_int),
                                        strings=_providers.SortedSet())
    _providers._get_local_constants = lambda: _EMPTY_LOCAL

SCALE = float(os.environ.get("PLANBOT_ROUNDTRIP_EXAMPLES", "1"))


def examples(n: int) -> settings:
    """`n` examples in CI, times PLANBOT_ROUNDTRIP_EXAMPLES when asked for more."""
    return settings(settings.get_profile(PROFILE), max_examples=max(1, int(n * SCALE)))
