"""Dependencies point one way, and importing the core is cheap: no model, database or UI."""

from __future__ import annotations

import json
import os
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


ASK = """
import sys
from ic_assistant.cli import main
sys.argv = ["ic-assistant", "ask", "Which cities took part?", "--json"]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print("MODULES " + ",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""
NOT_FOR_ASK = {"torch", "sentence_transformers", "transformers", "gradio", "langchain_core", "sklearn"}


def test_a_cold_ask_loads_neither_torch_nor_the_web_app(built) -> None:  # noqa: ANN001
    """With the model's ONNX graph in the cache (the `embedder` fixture exported it), a fresh
    process answers without importing torch, sentence-transformers or gradio."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC_")}
    env.update(IC_CORPUS_DIR=str(built.corpus_dir), IC_INDEX_DIR=str(built.index_dir))
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    out = subprocess.run([sys.executable, "-c", ASK], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout[: out.stdout.rindex("MODULES ")])  # the answer came out whole
    loaded = set(out.stdout.rsplit("MODULES ", 1)[1].strip().split(","))
    assert {"onnxruntime", "tokenizers"} <= loaded
    assert sorted(NOT_FOR_ASK & loaded) == []
