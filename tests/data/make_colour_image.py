#!/usr/bin/python3
"""Writes colour_60x80.ppm, hsc's own synthetic colour test image (public domain): horizontal red
and vertical green gradients, a blue disc on a blue sine pattern, as plain PPM (P3)."""
import math

h, w = 60, 80
rows = []
for i in range(h):
    row = []
    for j in range(w):
        r = int(255 * j / (w - 1))
        g = int(255 * i / (h - 1))
        b = 230 if (i - 30) ** 2 + (j - 40) ** 2 < 200 else int(127 + 100 * math.sin(j / 5.0))
        row += [r, g, b]
    rows.append(" ".join(map(str, row)))
with open("colour_60x80.ppm", "w") as f:
    f.write("P3\n# hsc test image: synthetic gradients and a disc (public domain)\n%d %d\n255\n%s\n"
            % (w, h, "\n".join(rows)))
