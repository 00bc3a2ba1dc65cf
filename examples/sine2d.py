#!/usr/bin/env python3
"""Writes examples/sine2d.csv: 1,000 points (x, y) drawn uniformly from [-3, 3]^2 (seed 1) and z = sin(x)·cos(y),
a smooth surface for the README's regression example. Run from the repository's root: python3 examples/sine2d.py"""
import math
import random

rng = random.Random(1)
with open("examples/sine2d.csv", "w", newline="\n") as f:
    f.write("x,y,z\n")
    for _ in range(1000):
        x, y = rng.uniform(-3, 3), rng.uniform(-3, 3)
        f.write(f"{x:.6f},{y:.6f},{math.sin(x) * math.cos(y):.6f}\n")
