#!/usr/bin/env python3
"""The stages of Spark event logs (jobs/bench --event-log) that ran longer than a threshold.

    stages.py [--over SECONDS] [--cores N] EVENT_LOG...

Prints a Markdown table, a row per stage over the threshold (default 5 s): the phase that ran it
(the job description the jobs set, edubalance.text.Progress), its wall time, its tasks, their
summed time, the largest task's share of that sum, and the time the stage would take on N cores
(default 32): the larger of its task time spread over N cores and its largest task. A last line
sums every stage and the time outside stages (driver work: planning, Delta's log, listing).
"""
import json
import sys


def stages_of(path):
    stages = {}  # (stage, attempt) -> dict
    app_start = app_end = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            kind = e.get("Event")
            if kind == "SparkListenerApplicationStart":
                app_start = e["Timestamp"]
            elif kind == "SparkListenerApplicationEnd":
                app_end = e["Timestamp"]
            elif kind == "SparkListenerStageSubmitted":
                info = e["Stage Info"]
                key = (info["Stage ID"], info["Stage Attempt ID"])
                s = stages.setdefault(key, {"tasks": [], "phase": ""})
                s["phase"] = (e.get("Properties") or {}).get("spark.job.description", "")
            elif kind == "SparkListenerStageCompleted":
                info = e["Stage Info"]
                key = (info["Stage ID"], info["Stage Attempt ID"])
                s = stages.setdefault(key, {"tasks": [], "phase": ""})
                s["name"] = info["Stage Name"]
                s["count"] = info["Number of Tasks"]
                s["start"] = info.get("Submission Time")
                s["end"] = info.get("Completion Time")
            elif kind == "SparkListenerTaskEnd":
                key = (e["Stage ID"], e["Stage Attempt ID"])
                t = e["Task Info"]
                stages.setdefault(key, {"tasks": [], "phase": ""})["tasks"].append(t["Finish Time"] - t["Launch Time"])
    done = [dict(s, id=k[0]) for k, s in stages.items() if s.get("start") and s.get("end")]
    return done, app_start, app_end


def main(argv):
    over, cores, paths = 5.0, 32, []
    i = 0
    while i < len(argv):
        if argv[i] == "--over":
            over = float(argv[i + 1]); i += 2
        elif argv[i] == "--cores":
            cores = int(argv[i + 1]); i += 2
        else:
            paths.append(argv[i]); i += 1
    if not paths:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    print(f"| log | phase | stage | wall s | tasks | task time s | largest task | on {cores} cores s |")
    print("|---|---|---|---|---|---|---|---|")
    for path in paths:
        stages, app_start, app_end = stages_of(path)
        name = path.rstrip("/").split("/")[-2] if "/" in path else path
        walls = intervals = 0.0
        spans = []
        for s in sorted(stages, key=lambda s: s["start"]):
            wall = (s["end"] - s["start"]) / 1000
            spans.append((s["start"], s["end"]))
            if wall < over:
                continue
            total = sum(s["tasks"]) / 1000
            largest = max(s["tasks"]) / 1000 if s["tasks"] else 0.0
            share = f"{100 * largest / total:.1f} %" if total > 0 else "–"
            scaled = max(total / cores, largest)
            walls += wall
            print(f"| {name} | {s['phase'] or '–'} | {s['id']} {s['name'].split(' at ')[0]} | {wall:.1f} | "
                  f"{len(s['tasks'])} | {total:.1f} | {share} | {scaled:.1f} |")
        # Time covered by any stage (overlapping stages counted once) against the application's.
        covered, last = 0, None
        for a, b in sorted(spans):
            if last is None or a > last:
                covered += b - a; last = b
            elif b > last:
                covered += b - last; last = b
        if app_start and app_end:
            app = (app_end - app_start) / 1000
            print(f"| {name} | (application) | {len(stages)} stages | {app:.1f} | | | "
                  f"in stages {covered / 1000:.1f} s, over {over:g} s {walls:.1f} s; outside stages {app - covered / 1000:.1f} s | |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
