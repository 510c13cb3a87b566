"""The lakehouse from Python: query(sql) through jobs/serve (Arrow Flight), snapshot(dir, table) from
a Parquet snapshot of jobs/export (no JVM, no network), and label(name) from the one label map.

Both return pandas DataFrames whose map columns are dicts (pyarrow gives a map as a list of
(key, value) tuples; a dict is what one indexes by key).

The server is found through EDU_BALANCE_SERVE=host:port, or else the state file jobs/serve writes in
the lakehouse (EDU_BALANCE_LAKEHOUSE, default ./lakehouse of this repository). Statements are
read-only: a write comes back as pyarrow.flight.FlightUnauthorizedError with the reason.
"""
import csv
import json
import os
import pathlib

import pyarrow as pa
import pyarrow.flight as flight
import pyarrow.parquet as pq

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
_client = None
_labels = None


def endpoint():
    """(host, port) of the running jobs/serve."""
    if os.environ.get("EDU_BALANCE_SERVE"):
        host, port = os.environ["EDU_BALANCE_SERVE"].rsplit(":", 1)
        return host, int(port)
    lakehouse = pathlib.Path(os.environ.get("EDU_BALANCE_LAKEHOUSE", REPOSITORY / "lakehouse"))
    state = lakehouse / ".serve.properties"
    if not state.exists():
        raise RuntimeError(f"no jobs/serve runs for {lakehouse}: start one with jobs/serve")
    props = dict(l.split("=", 1) for l in state.read_text().splitlines() if "=" in l and not l.startswith("#"))
    return props["host"], int(props["port"])


def _to_pandas(table):
    """A pyarrow table as pandas, its map columns as dicts."""
    frame = table.to_pandas()
    for field in table.schema:
        if pa.types.is_map(field.type):
            frame[field.name] = frame[field.name].map(lambda v: None if v is None else dict(v))
    return frame


def query(sql):
    """The result of one SQL statement as a pandas DataFrame."""
    global _client
    if _client is None:
        host, port = endpoint()
        _client = flight.connect(f"grpc://{host}:{port}")
    info = _client.get_flight_info(flight.FlightDescriptor.for_command(sql))
    return _to_pandas(_client.do_get(info.endpoints[0].ticket).read_all())


def snapshot(directory, table):
    """Table ("gold.county_balance_basic") of a jobs/export --parquet snapshot, at the version its manifest names."""
    manifest = json.loads((pathlib.Path(directory) / "manifest.json").read_text(encoding="utf-8"))
    if table not in manifest["tables"]:
        raise KeyError(f"{table} is not in the snapshot {directory}: it has {sorted(manifest['tables'])}")
    return _to_pandas(pq.read_table(pathlib.Path(directory) / manifest["tables"][table]["path"]))


def label(name, english=False):
    """A metric's or column's name for a chart: Chinese (or English) from conf/labels.csv, the reports' map."""
    global _labels
    if _labels is None:
        with open(REPOSITORY / "conf" / "labels.csv", encoding="utf-8") as f:
            _labels = {r["key"]: r for r in csv.DictReader(l for l in f if not l.startswith("#"))}
    row = _labels.get(name)
    return name if row is None else row["en" if english else "zh"]
