"""Benchmarks: `make bench` (see bench/__main__.py); results in bench/RESULTS.md."""
