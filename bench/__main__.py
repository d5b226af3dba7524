"""Run the benchmarks: `python -m bench [--only NAME] [--quick]`."""

from __future__ import annotations

import argparse
import importlib

from bench.harness import print_table

BENCHMARKS = ("startup", "library", "long_article", "reopen", "translation", "versions")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only", choices=BENCHMARKS, action="append", help="run only this benchmark (repeatable)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes: checks that the benchmarks still run, measures nothing",
    )
    args = parser.parse_args()
    results = []
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        results.append(module.run(quick=args.quick))
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
