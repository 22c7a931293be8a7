#!/usr/bin/env python3
"""Writes the bundled trainee face recordings in OpenFace 2.x FeatureExtraction CSV format.

Standard library only and seeded, so the files are reproducible: `python3 make_trainee_faces.py`.
The columns are those FeatureExtraction writes with `-pose -gaze -aus` (no landmarks), separated by
", " as OpenFace does. Faces are built from EMFACS prototypes (Friesen & Ekman 1983) on the AUs
OpenFace estimates, with tracker-like noise, blinks (AU45) and two short tracking losses (success=0):

  concerned  AU1 + AU4 + AU15 (+ AU17): the sad/concerned brow of sympathy (Eisenberg et al. 1989)
  bored      AU12 + AU14 (a one-sided smirk, EMFACS contempt) with heavy lids (AU45) and a slack jaw
"""
import math
import random

AUS_R = ["01", "02", "04", "05", "06", "07", "09", "10", "12", "14", "15", "17", "20", "23", "25", "26", "45"]
AUS_C = ["01", "02", "04", "05", "06", "07", "09", "10", "12", "14", "15", "17", "20", "23", "25", "26", "28", "45"]
FPS = 10

PROFILES = {
    "concerned": {"01": 2.6, "04": 2.4, "15": 2.0, "17": 1.1, "07": 0.4},
    "bored": {"12": 1.8, "14": 2.7, "26": 0.6, "25": 0.4, "45": 1.2},
    "neutral": {},
}


def header():
    cols = ["frame", "face_id", "timestamp", "confidence", "success"]
    cols += ["gaze_0_x", "gaze_0_y", "gaze_0_z", "gaze_1_x", "gaze_1_y", "gaze_1_z", "gaze_angle_x", "gaze_angle_y"]
    cols += ["pose_Tx", "pose_Ty", "pose_Tz", "pose_Rx", "pose_Ry", "pose_Rz"]
    cols += ["AU%s_r" % a for a in AUS_R] + ["AU%s_c" % a for a in AUS_C]
    return ", ".join(cols)


def profile_at(t, segments):
    """Blends the profiles of the segments around t over one second, as a face changes expression."""
    weights = {}
    for start, end, name in segments:
        w = min(1.0, max(0.0, (t - start + 0.5))) * min(1.0, max(0.0, (end - t + 0.5)))
        if w > 0:
            weights[name] = weights.get(name, 0.0) + w
    total = sum(weights.values()) or 1.0
    out = {}
    for name, w in weights.items():
        for au, v in PROFILES[name].items():
            out[au] = out.get(au, 0.0) + v * w / total
    return out


def write(path, seconds, segments, losses, seed):
    rng = random.Random(seed)
    lines = [header()]
    for frame in range(int(seconds * FPS)):
        t = frame / FPS
        lost = any(a <= t < b for a, b in losses)
        base = profile_at(t, segments)
        # Blinks: a 0.2 s AU45 burst every ~4 s.
        blink = 3.5 if (t % 4.1) < 0.2 else 0.0
        row = [str(frame + 1), "0", "%.3f" % t]
        if lost:
            row += ["0.00", "0"] + ["0.000"] * 14 + ["0.00"] * len(AUS_R) + ["0.00"] * len(AUS_C)
            lines.append(", ".join(row))
            continue
        row += ["%.2f" % (0.93 + 0.04 * rng.random()), "1"]
        gx, gy = 0.05 * math.sin(t / 3), -0.1 + 0.03 * rng.random()
        row += ["%.3f" % v for v in (gx, gy, -0.99, gx + 0.02, gy, -0.99, gx, gy)]
        row += ["%.3f" % v for v in (12 + rng.random(), 30 + rng.random(), 480 + 5 * rng.random(), 0.1, 0.02 * math.sin(t), 0.01)]
        values = {}
        for au in AUS_R:
            v = base.get(au, 0.0) + rng.uniform(-0.25, 0.25)
            if au == "45":
                v = max(v, blink)
            values[au] = min(5.0, max(0.0, v))
        row += ["%.2f" % values[au] for au in AUS_R]
        row += ["%.2f" % (1.0 if values.get(au, 0.0) >= 1.0 else 0.0) for au in AUS_C]
        lines.append(", ".join(row))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    write("trainee-concerned.csv", 60, [(0, 60, "concerned")], [(21.0, 21.6)], seed=1)
    write("trainee-bored.csv", 60, [(0, 60, "bored")], [(33.0, 33.5)], seed=2)
    write("trainee-session.csv", 120,
          [(0, 4, "neutral"), (4, 44, "concerned"), (44, 80, "bored"), (80, 120, "concerned")],
          [(61.0, 61.8)], seed=3)
