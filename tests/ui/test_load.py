"""Forty clients at once on the running app: every one of 200 `/ask` requests is answered.

The figures (p95 latency, the server's memory before and after) are a benchmark, not an assertion:
`python -m bench --load` writes them to docs/benchmarks.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.load import run_load

QUESTIONS = [
    "What is Inclusive Cities?",
    "Which council department hosts the project in Cardiff?",
    "Who funded Inclusive Cities?",
    "What is a local action plan?",
    "Which cities joined the programme?",
]


def _rss_mib() -> float:
    status = Path(f"/proc/{os.getpid()}/status").read_text()
    return next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:"))


@pytest.mark.slow
def test_forty_concurrent_clients_get_all_two_hundred_answers(app_url: str, record_property) -> None:  # noqa: ANN001
    rss_before = _rss_mib()  # the app serves in this process
    result = run_load(app_url, QUESTIONS, clients=40, requests=200)
    # Reported, not asserted: the machine and whatever else it runs decide them.
    p95 = sorted(result.latencies_ms)[int(0.95 * len(result.latencies_ms))] if result.latencies_ms else float("nan")
    rss_after = _rss_mib()
    record_property("p95_ms", p95)
    record_property("rss_mib_before_after", (round(rss_before), round(rss_after)))
    print(f"{len(result.latencies_ms)} answered, {len(result.errors)} failed in {result.seconds:.1f} s; "
          f"p95 {p95:.0f} ms; RSS {rss_before:.0f} -> {rss_after:.0f} MiB")
    assert result.errors == []
    assert len(result.latencies_ms) == 200
