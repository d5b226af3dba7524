"""reader's benchmarks: `python -m bench` (or `make bench`). See BENCHMARKS.md."""
