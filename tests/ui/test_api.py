"""The app's named endpoints from `gradio_client`, and the serve rules for hosts and passwords."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ic_assistant import Settings
from ic_assistant.errors import ConfigError
from ui.serve import check_binding, create_app, launch, parse_auth

from .conftest import free_port


@pytest.mark.slow
def test_ask_endpoint_returns_the_cli_json(app_url: str) -> None:
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    data = client.predict(question="Which council department hosts the project in Cardiff?", api_name="/ask")
    assert set(data) == {"question", "answer", "refused", "citations", "suggestions", "warnings", "timings_ms",
                         "backend"}
    assert not data["refused"] and data["citations"][0]["source"] == "learning-from-inclusive-cities-phase-1.pdf"
    follow = client.predict(question="And in Liverpool?",
                            history=["Which council department hosts the project in Cardiff?"], api_name="/ask")
    assert "Liverpool" in follow["answer"]
    hits = client.predict(query="action planning", k=3, api_name="/search")
    assert len(hits) == 3 and all(h["text"] for h in hits)
    with pytest.raises(Exception, match="the question is empty"):
        client.predict(question="   ", api_name="/ask")


@pytest.mark.slow
def test_endpoints_reject_inputs_out_of_range(app_url: str) -> None:
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    for k in (-5, 0, 51):
        with pytest.raises(Exception, match=r"k must be a whole number from 1 to 50"):
            client.predict(query="action planning", k=k, api_name="/search")
    with pytest.raises(Exception, match=r"the limit is 10 \(IC_ANSWER__MAX_HISTORY_ITEMS\)"):
        client.predict(question="And in Liverpool?", history=["What is it?"] * 11, api_name="/ask")
    with pytest.raises(Exception, match=r"1001 characters long; the limit is 1000"):
        client.predict(question="And in Liverpool?", history=["x" * 1001], api_name="/ask")


def test_binding_beyond_loopback_needs_a_password() -> None:
    assert check_binding("127.0.0.1", None) is None
    assert check_binding("0.0.0.0", "ann:s3cret") == ("ann", "s3cret")
    with pytest.raises(ConfigError, match="--auth user:password"):
        check_binding("0.0.0.0", None)
    for bad in ("ann", ":pw", "ann:"):
        with pytest.raises(ConfigError, match="user:password"):
            parse_auth(bad)


def test_launch_itself_refuses_an_open_host_without_auth() -> None:
    import gradio as gr

    with gr.Blocks() as app:
        gr.Markdown("nothing")
    with pytest.raises(ConfigError, match="--auth user:password"):
        launch(app, "0.0.0.0", free_port(), block=False)
    assert not app.is_running


def test_serve_command_refuses_an_open_host_without_auth() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ic_assistant", "serve", "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 2
    assert "--auth user:password" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.browser
def test_no_index_shows_the_fix(tmp_path, browser) -> None:  # noqa: ANN001
    settings = Settings(corpus_dir=tmp_path, index_dir=tmp_path / "missing")
    port = free_port()
    app, assistant = create_app(settings)
    assert assistant is None
    app = launch(app, "127.0.0.1", port, block=False)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        message = page.locator("#ic-unavailable")
        message.get_by_text("cannot answer yet").wait_for(timeout=30_000)
        assert f"no index at {tmp_path / 'missing'}: run ic-assistant ingest" in message.inner_text()
        page.close()
    finally:
        app.close()


@pytest.mark.slow
def test_password_protects_the_app(ui_settings, embedder) -> None:  # noqa: ANN001
    from gradio_client import Client

    from ic_assistant import build_assistant
    from ui.app import build_app

    import httpx

    port = free_port()
    assistant = build_assistant(ui_settings, embedder=embedder)
    app = launch(build_app(assistant), "127.0.0.1", port, auth="ann:s3cret", block=False, assistant=assistant)
    try:
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(Exception):  # noqa: B017, PT011 - gradio_client raises its own error types
            Client(url, verbose=False).predict(question="Who funded Inclusive Cities?", api_name="/ask")
        data = Client(url, auth=("ann", "s3cret"), verbose=False).predict(
            question="Who funded Inclusive Cities?", api_name="/ask")
        assert data["citations"]
        pdf = f"{url}source/learning-from-inclusive-cities-phase-1.pdf"
        with httpx.Client() as web:  # the source files sit behind the same login
            assert web.get(pdf).status_code == 401
            web.post(f"{url}login", data={"username": "ann", "password": "s3cret"})
            response = web.get(pdf)
            assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    finally:
        app.close()
