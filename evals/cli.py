"""`ic-assistant eval` (filled in by the eval issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No command yet."""
