"""python -m evals [--gate] [--out-dir DIR]: measure both gold sets, report, and (with --gate) fail on a drop."""

from __future__ import annotations

import sys

from .cli import run_eval


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("--gate", action="store_true", help="exit 1 when a metric falls below its threshold")
    parser.add_argument("--out-dir", default=None, help="where report.md and report.json go (default: evals/)")
    parser.add_argument("--no-ingest", action="store_true", help="use the indexes as they are")
    parser.add_argument("--general-index", default=None,
                        help="the general set's index folder (default: beside the programme's, <index_dir>-general)")
    args = parser.parse_args()
    sys.exit(run_eval(gate=args.gate, out_dir=args.out_dir, ingest=not args.no_ingest,
                      general_index=args.general_index))


if __name__ == "__main__":
    main()
