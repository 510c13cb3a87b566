"""Splits a generated delivery of several school years into the deliveries a province sends month by
month, for `jobs/bench --months N` (docs/BENCHMARKS.md, "Two years of months"):

- every month: its rows of funding_monthly, student_changes and teacher_flows (by effective_date);
- September: the register of the school year starting (schools, enrollment, resources, teachers),
  with divisions in the first month;
- May: the final accounts (funding) of the fiscal year before.

usage: split_months.py INBOX OUT FIRST_MONTH(YYYY-MM) N
Writes OUT/YYYY-MM/<dataset>/<file>.csv, a header and the month's rows; prints the months written.
"""
import csv
import os
import sys
from collections import defaultdict

inbox, out, first, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
y0, m0 = int(first[:4]), int(first[5:7])
months = [((y0 * 12 + m0 - 1 + i) // 12, (y0 * 12 + m0 - 1 + i) % 12 + 1) for i in range(n)]
wanted = set(months)


def files(dataset):
    for dirpath, _, names in os.walk(os.path.join(inbox, dataset)):
        for name in sorted(names):
            if name.endswith(".csv"):
                yield os.path.join(dirpath, name)


def emit(ym, dataset, name, header, rows):
    d = os.path.join(out, "%04d-%02d" % ym, dataset)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def by_month(dataset, month_of):
    """Each file's rows grouped by the month month_of(row) names, written to that month's delivery."""
    for path in files(dataset):
        with open(path, newline="", encoding="utf-8") as f:
            r = csv.reader(f)
            header = next(r)
            groups = defaultdict(list)
            for row in r:
                ym = month_of(dict(zip(header, row)))
                if ym in wanted:
                    groups[ym].append(row)
        name = os.path.relpath(path, os.path.join(inbox, dataset)).replace(os.sep, "_")
        for ym, rows in groups.items():
            emit(ym, dataset, name, header, rows)


by_month("funding_monthly", lambda r: (int(r["year"]), int(r["month"])))
by_month("student_changes", lambda r: (int(r["year"]), int(r["month"])))
by_month("teacher_flows", lambda r: (int(r["effective_date"][:4]), int(r["effective_date"][5:7])))
# The school year Y's register arrives in September of Y; fiscal year F's final accounts in May of F + 1.
for dataset in ("schools", "enrollment", "resources", "teachers"):
    by_month(dataset, lambda r: (int(r["school_year"]), 9))
by_month("funding", lambda r: (int(r["fiscal_year"]) + 1, 5))
for path in files("divisions"):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    emit(months[0], "divisions", os.path.basename(path), rows[0], rows[1:])
for ym in months:
    if os.path.isdir(os.path.join(out, "%04d-%02d" % ym)):
        print("%04d-%02d" % ym)
