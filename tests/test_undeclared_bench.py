"""``bench/undeclared.py`` on a tiny instance, so that the benchmark does not rot: undeclared
publishers are invented, written into a generated site, crawled by the real spider over
127.0.0.1 and scored against their truth."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.undeclared import SCORED, World, report, run_layout


def test_a_tiny_undeclared_instance_is_generated_crawled_and_scored(tmp_path: Path) -> None:
    args = argparse.Namespace(
        seed=5, articles=40, publishers=6, share=0.5, days=4, start="2022-03-25"
    )
    world = World(args.seed, args.publishers)
    assert len({p.key for p in world.publishers}) == 6
    score, truth = run_layout("limitedtimes", world, args, tmp_path)
    assert score.returncode == 0
    assert truth and score.matched == score.expected == len(truth)
    assert score.duplicates == 0 and not score.leaks
    accuracy = score.accuracy()
    assert set(accuracy) == set(SCORED)
    assert all(value >= 0.9 for value in accuracy.values()), report(score, 20)
