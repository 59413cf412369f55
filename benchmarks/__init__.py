"""Benchmarks: each times a public code path against a baseline in the same run and prints ratio=<x> last."""
