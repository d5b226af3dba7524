"""Run the benchmarks: `python -m bench [--only NAME] [--quick]`.

Each benchmark runs in a process of its own, so none inherits another's imports or settings
(argostranslate reads its packages directory once, at import).
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench.harness import Result, print_table

REPO = Path(__file__).resolve().parent.parent

BENCHMARKS = (
    "ahead",
    "startup",
    "library",
    "long_article",
    "reopen",
    "translation",
    "versions",
    "work_views",
)


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
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    if args.result_file is not None:  # one benchmark, in this process, for the parent run
        result = importlib.import_module(f"bench.{names[0]}").run(quick=args.quick)
        args.result_file.write_text(json.dumps(asdict(result)), encoding="utf-8")
        return 0
    # reader as installed: with its bytecode compiled, as pip leaves Textual's. Without this, an
    # environment with PYTHONDONTWRITEBYTECODE (this machine's) compiled reader's modules from
    # source at every start, about 45 ms of its startup that no installed copy pays.
    compileall.compile_dir(REPO / "reader", quiet=1)
    results = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as work:
        for name in names:
            result_file = Path(work) / f"{name}.json"
            command = [sys.executable, "-m", "bench", "--only", name]
            command += ["--result-file", str(result_file)] + (["--quick"] if args.quick else [])
            subprocess.run(command, check=True)
            record = json.loads(result_file.read_text(encoding="utf-8"))
            results.append(Result(record["benchmark"], [tuple(row) for row in record["rows"]]))
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
