"""`ic-assistant serve` (filled in by the web app issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No command yet."""
