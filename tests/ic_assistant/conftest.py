"""Fixtures of the ic_assistant tests: an assistant over the real corpus (the CLI app is in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def assistant(real_index, embedder):  # noqa: ANN001, ANN201
    from ic_assistant import build_assistant

    return build_assistant(real_index.settings, embedder=embedder)
