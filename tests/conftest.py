"""Shared fixtures: paths to the evaluation data beside the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CASES = Path(__file__).resolve().parent / "cases"


def load_cases(name: str) -> list[Any]:
    """Cases from ``tests/cases/NAME``, each a pytest param with its name as id."""
    params = []
    for line in (CASES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def need_data(*parts: str) -> Path:
    """A path under the shared data folder; skip the test when it is absent."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
