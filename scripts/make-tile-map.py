#!/usr/bin/env python3
"""Builds the tile map of the départements (assets/serve/tile-map.csv) that `fiche serve` draws.

Each metropolitan département is one square tile, placed on a grid as near as the grid allows
to its prefecture (latitude and longitude, rounded to a hundredth of a degree, from public
knowledge of where each town is): the cells are given by an optimal assignment (least total
squared distance, scipy's linear_sum_assignment), so that crowded Île-de-France spreads around
Paris while every other tile keeps close to its place. Corse (customs territory 20) is one
tile; the overseas départements sit in a row of their own below. Run once; the CSV is kept.

Usage: make-tile-map.py > assets/serve/tile-map.csv   (needs numpy and scipy)
"""
import math
import numpy as np
from scipy.optimize import linear_sum_assignment

PREFECTURES = {
    "01": (46.20, 5.22), "02": (49.56, 3.62), "03": (46.57, 3.33), "04": (44.09, 6.24), "05": (44.56, 6.08),
    "06": (43.70, 7.27), "07": (44.74, 4.60), "08": (49.77, 4.72), "09": (42.97, 1.61), "10": (48.30, 4.08),
    "11": (43.21, 2.35), "12": (44.35, 2.57), "13": (43.30, 5.37), "14": (49.18, -0.37), "15": (44.93, 2.44),
    "16": (45.65, 0.16), "17": (46.16, -1.15), "18": (47.08, 2.40), "19": (45.27, 1.77), "20": (42.10, 9.00),
    "21": (47.32, 5.04), "22": (48.51, -2.76), "23": (46.17, 1.87), "24": (45.18, 0.72), "25": (47.24, 6.02),
    "26": (44.93, 4.89), "27": (49.02, 1.15), "28": (48.45, 1.49), "29": (48.20, -4.10), "30": (43.84, 4.36),
    "31": (43.60, 1.44), "32": (43.65, 0.59), "33": (44.84, -0.58), "34": (43.61, 3.88), "35": (48.11, -1.68),
    "36": (46.81, 1.69), "37": (47.39, 0.69), "38": (45.19, 5.72), "39": (46.67, 5.55), "40": (43.89, -0.50),
    "41": (47.59, 1.33), "42": (45.44, 4.39), "43": (45.04, 3.88), "44": (47.22, -1.55), "45": (47.90, 1.90),
    "46": (44.45, 1.44), "47": (44.20, 0.62), "48": (44.52, 3.50), "49": (47.47, -0.55), "50": (49.12, -1.09),
    "51": (48.96, 4.36), "52": (48.11, 5.14), "53": (48.07, -0.77), "54": (48.69, 6.18), "55": (48.77, 5.16),
    "56": (47.66, -2.76), "57": (49.12, 6.18), "58": (46.99, 3.16), "59": (50.63, 3.06), "60": (49.43, 2.08),
    "61": (48.43, 0.09), "62": (50.29, 2.78), "63": (45.78, 3.08), "64": (43.30, -0.37), "65": (43.23, 0.08),
    "66": (42.70, 2.90), "67": (48.58, 7.75), "68": (48.08, 7.36), "69": (45.76, 4.84), "70": (47.62, 6.15),
    "71": (46.31, 4.83), "72": (48.00, 0.20), "73": (45.57, 5.92), "74": (45.90, 6.13), "75": (48.86, 2.35),
    "76": (49.44, 1.10), "77": (48.54, 2.66), "78": (48.80, 2.13), "79": (46.32, -0.46), "80": (49.89, 2.30),
    "81": (43.93, 2.15), "82": (44.02, 1.35), "83": (43.12, 5.93), "84": (43.95, 4.81), "85": (46.67, -1.43),
    "86": (46.58, 0.34), "87": (45.83, 1.26), "88": (48.17, 6.45), "89": (47.80, 3.57), "90": (47.64, 6.86),
    "91": (48.63, 2.44), "92": (48.89, 2.20), "93": (48.91, 2.44), "94": (48.79, 2.46), "95": (49.04, 2.07),
}
# The overseas départements (customs codes), in a row below the mainland.
OVERSEAS = ["9A", "9B", "9C", "9D", "9E"]


def main():
    codes = sorted(PREFECTURES)
    # Equal-area-ish: a degree of longitude is cos(46.5°) of a degree of latitude; one cell
    # is about 0.62° of latitude (France's 96 départements fill about 100 cells).
    cell = 0.66
    points = np.array([[(lon * math.cos(math.radians(46.5))) / cell, -lat / cell] for lat, lon in (PREFECTURES[c] for c in codes)])
    points -= points.min(axis=0)
    cells = [(x, y) for x in range(-1, int(points[:, 0].max()) + 3) for y in range(-1, int(points[:, 1].max()) + 3)]
    cells = [c for c in cells if min(math.dist(c, p) for p in points) < 1.6]
    cost = np.array([[(p[0] - x) ** 2 + (p[1] - y) ** 2 for (x, y) in cells] for p in points])
    rows, cols = linear_sum_assignment(cost)
    placed = {codes[r]: cells[c] for r, c in zip(rows, cols)}
    min_x = min(x for x, _ in placed.values())
    min_y = min(y for _, y in placed.values())
    max_y = max(y for _, y in placed.values())
    print("code;column;row")
    for code in codes:
        x, y = placed[code]
        print(f"{code};{x - min_x};{y - min_y}")
    for k, code in enumerate(OVERSEAS):
        print(f"{code};{k};{max_y - min_y + 2}")


if __name__ == "__main__":
    main()
