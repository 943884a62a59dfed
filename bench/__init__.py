"""Benchmarks: run by hand (see bench/README.md), never by the tests."""
