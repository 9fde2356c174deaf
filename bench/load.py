"""Loopback load on a running app: many `gradio_client` clients asking at once through `/ask`.

`run_load` is shared by the load test (tests/ui/test_load.py, which asserts only that every request
was answered) and `python -m bench --load`, which starts `ic-assistant serve` in its own process on
a fresh index of the corpus, reads the server's resident memory before and after, and writes the
figures to docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    """What `run_load` saw: one latency per answered request, one message per failed one."""

    clients: int
    requests: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)  # the server's own `timings_ms["total"]`
    errors: list[str] = field(default_factory=list)
    refused: int = 0


def run_load(url: str, questions: list[str], clients: int = 40, requests: int = 200) -> LoadResult:
    """Ask `requests` questions (cycling through `questions`) from `clients` concurrent clients,
    each with its own `gradio_client.Client`; a request fails on any exception or a reply without
    an answer."""
    from gradio_client import Client

    result = LoadResult(clients, requests)
    lock = threading.Lock()
    # Client i takes requests i, i + clients, ... so the total is exact whatever the division.
    shares = [list(range(i, requests, clients)) for i in range(clients)]
    start = threading.Barrier(clients)

    def client_run(share: list[int]) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none is hidden
            with lock:
                result.errors.extend([f"connect: {exc!r}"] * len(share))
            start.abort()
            return
        try:
            start.wait(timeout=120)  # all clients connected: the requests arrive together
        except threading.BrokenBarrierError:
            pass
        for n in share:
            t = time.perf_counter()
            try:
                data = client.predict(question=questions[n % len(questions)], api_name="/ask")
            except Exception as exc:  # noqa: BLE001
                with lock:
                    result.errors.append(f"request {n}: {exc!r}")
                continue
            ms = (time.perf_counter() - t) * 1000
            with lock:
                if isinstance(data, dict) and data.get("answer"):
                    result.latencies_ms.append(ms)
                    result.answer_ms.append(data.get("timings_ms", {}).get("total", float("nan")))
                    result.refused += bool(data.get("refused"))
                else:
                    result.errors.append(f"request {n}: no answer in {data!r:.200}")

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client_run, shares))
    result.seconds = time.perf_counter() - t
    return result


# --- the benchmark: a real `ic-assistant serve` process ---------------------------------------


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(command: list[str], env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """`command` (a server) running in its own process group, stopped with all its children on
    the way out; its output goes to `log_path` (a file, not a pipe that nobody reads and that
    fills up)."""
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield server
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def wait_until_up(
    url: str, server: subprocess.Popen, log: Path, timeout: float = 300, every: float = 0.5, path: str = "config"
) -> None:
    """Poll `url` + `path` every `every` seconds until it answers 200 (or the server exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"`ic-assistant serve` exited with {server.returncode} before it answered:\n{tail}")
        try:
            if httpx.get(url + path, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(every)
    raise RuntimeError(f"`ic-assistant serve` did not answer at {url} within {timeout:.0f} s")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(corpus: Path, clients: int = 40, requests: int = 200) -> tuple[list[str], int]:
    """Ingest `corpus` into a temporary index, serve it with `ic-assistant serve` on loopback, put
    the load on it; return the docs/benchmarks.md section (machine and date added by the caller)
    and the number of failed requests."""
    gold = [json.loads(x) for x in (ROOT / "evals" / "qa.jsonl").read_text().splitlines() if x.strip()]
    questions = [g["question"] for g in gold if not g.get("history")]
    cli = [sys.executable, "-m", "ic_assistant"]
    with tempfile.TemporaryDirectory(prefix="ic-bench-load-") as tmp:
        env = {**os.environ, "IC_CORPUS_DIR": str(corpus), "IC_INDEX_DIR": str(Path(tmp) / "index"),
               "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False"}
        subprocess.run([*cli, "ingest"], env=env, check=True, capture_output=True, timeout=900)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        log_path = Path(tmp) / "serve.log"
        with serving([*cli, "serve", "--port", str(port)], env, log_path) as server:
            wait_until_up(url, server, log_path)
            load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            from gradio_client import Client

            Client(url, verbose=False).predict(question="What is Inclusive Cities?", api_name="/ask")  # warm
            rss_before = _rss_mib(server.pid)
            result = run_load(url, questions, clients, requests)
            rss_after = _rss_mib(server.pid)
    lat = result.latencies_ms or [float("nan")]
    section = [
        f"## Load ({clients} concurrent clients, {requests} `/ask` requests; `python -m bench --load`)",
        "",
        f"A real `ic-assistant serve` process on loopback over a fresh index of the corpus, asked by {clients} "
        f"`gradio_client` clients at once ({len(questions)} eval questions without history, in turn); the "
        "app answers two requests at a time and queues the rest (`ui/serve.py`), so the latency below "
        "includes the wait in the queue; the clients run on the same two cores. `Assistant.ask` is the "
        "server's own answering time. Resident memory is the server process's, after one warm-up "
        f"request and after the load. Load average at the start: {load_average} (other work shares "
        "this machine).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| requests answered / failed | {len(result.latencies_ms)} / {len(result.errors)} (of which refusals: {result.refused}) |",
        f"| wall time / throughput | {result.seconds:.1f} s / {len(result.latencies_ms) / result.seconds:.1f} requests/s |",
        f"| latency per request p50 / p95 / max (client side, with queueing) | {_pct(lat, 0.5):.0f} / {_pct(lat, 0.95):.0f} / {max(lat):.0f} ms |",
        f"| `Assistant.ask` in the server p50 / p95 | {_pct(result.answer_ms or lat, 0.5):.0f} / {_pct(result.answer_ms or lat, 0.95):.0f} ms |",
        f"| server RSS before / after | {rss_before:.0f} / {rss_after:.0f} MiB |",
        *([f"| first errors | {'; '.join(result.errors[:3])} |"] if result.errors else []),
        "",
        f"With up to {clients} requests in flight and two answered at a time, the client-side latency is mostly "
        "the wait in the queue, not the answer (compare the server's own `Assistant.ask` time).",
        "",
    ]
    return section, len(result.errors)
