"""The /source/NAME route on a bare FastAPI app guarded as Gradio guards its /config: types, 404s, login."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from ic_assistant.errors import ConfigError
from ic_assistant.sources import SourceFile, source_file
from ui.sources import GUARDED_PATH, add_source_route, source_href


class Documents:
    """What the route needs of an `Assistant`: `source_file`."""

    def __init__(self, corpus: Path, indexed: set[str]) -> None:
        self.corpus, self.indexed = corpus, indexed

    def source_file(self, source: str) -> SourceFile:
        return source_file(self.corpus, source, self.indexed)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report 1.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (corpus / "page.html").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    (tmp_path / "outside.pdf").write_bytes(b"%PDF-1.4\n")
    server = FastAPI()

    def login_check(request: Request) -> None:  # as Gradio's: 401 unless logged in
        if request.cookies.get("user") != "ann":
            raise HTTPException(status_code=401)

    @server.get(GUARDED_PATH, dependencies=[Depends(login_check)])
    def config() -> dict:
        return {}

    @server.get("/{anything:path}")  # a catch-all registered first must not shadow the route
    def catch_all(anything: str) -> str:
        return "gradio"

    add_source_route(server, Documents(corpus, {"report 1.pdf", "page.html", "../outside.pdf"}))
    return TestClient(server, cookies={"user": "ann"})


def test_a_pdf_is_served_inline_as_pdf(client: TestClient) -> None:
    response = client.get(source_href("report 1.pdf", 12).split("#")[0])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")


def test_html_is_sandboxed(client: TestClient) -> None:
    response = client.get("/source/page.html")
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == "sandbox"


@pytest.mark.parametrize("path", ["/source/manifest.csv", "/source/..%2Foutside.pdf", "/source/%2Fetc%2Fpasswd"])
def test_no_other_file(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_behind_the_login(client: TestClient) -> None:
    client.cookies.clear()
    assert client.get("/source/report%201.pdf").status_code == 401


def test_refuses_an_app_without_a_login_check(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="guards no /config"):
        add_source_route(FastAPI(), Documents(tmp_path, set()))
