"""Dependencies point one way, and importing the core is cheap: no model, database or UI."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import ic_assistant, ic_assistant.cli, ic_assistant.commands
heavy = sorted(m for m in ("gradio", "ingest", "ui", "evals", "torch", "sentence_transformers", "chromadb")
               if m in sys.modules)
print(",".join(heavy))
"""


def test_importing_the_core_loads_nothing_heavy_and_no_other_package() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
