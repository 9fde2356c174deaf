"""Gradio imported without its stub writer still builds and renders an app, and writes no stub."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import os, sys
from ui.gradio_import import skip_stub_writing
skip_stub_writing()
import gradio as gr
import gradio.component_meta
assert gradio.component_meta.create_or_modify_pyi.__name__ == "_write_no_stub"
stub = os.path.join(os.path.dirname(gr.components.textbox.__file__), "textbox.pyi")
before = os.stat(stub).st_mtime_ns if os.path.exists(stub) else None
with gr.Blocks() as app:
    box = gr.Textbox(label="Question")
    box.submit(lambda q: q, box, box)
assert app.get_config_file()["components"]
assert (os.stat(stub).st_mtime_ns if os.path.exists(stub) else None) == before
print("ok")
"""


def test_gradio_builds_an_app_without_writing_stubs() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "GRADIO_ANALYTICS_ENABLED": "False"}
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
