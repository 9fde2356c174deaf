"""Benchmarks: ingest throughput, raw embedding rate, warm answer latency, memory."""
