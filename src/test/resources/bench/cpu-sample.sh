#!/bin/bash
# One line every 0.5 s: epoch milliseconds and the CPU ticks (utime + stime, 1/100 s) of every java process.
# Used by docs/BENCHMARKS.md ("One file per dataset") to tell how many cores a phase kept busy.
while true; do
  t=$(date +%s%3N); s=0
  for p in $(pgrep java); do read -r -a a < /proc/$p/stat 2>/dev/null && s=$((s + a[13] + a[14])); done
  echo "$t $s"; sleep 0.5
done
