"""The lakehouse from Python: query(sql) through jobs/serve (Arrow Flight), snapshot(dir, table) from
a Parquet snapshot of jobs/export (no JVM, no network), and label(name) from the one label map.

Both return pandas DataFrames whose map columns are dicts (pyarrow gives a map as a list of
(key, value) tuples; a dict is what one indexes by key).

The server is found through EDU_BALANCE_SERVE=host:port, or else the state file jobs/serve writes in
the lakehouse (EDU_BALANCE_LAKEHOUSE, default ./lakehouse of this repository). Statements are
read-only: a write comes back as pyarrow.flight.FlightUnauthorizedError with the reason.

A server with users (README, "Serving an office"): the user is EDU_BALANCE_USER with
EDU_BALANCE_PASSWORD, or else user= and password= of ~/.config/edu-balance/credentials
(EDU_BALANCE_CREDENTIALS), a file only its owner may read (0600). Over TLS the server's certificate
is the state file's tls_cert, or EDU_BALANCE_TLS_CERT.
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
_options = None
_labels = None


def endpoint():
    """(host, port, certificate path or None) of the running jobs/serve."""
    if os.environ.get("EDU_BALANCE_SERVE"):
        host, port = os.environ["EDU_BALANCE_SERVE"].rsplit(":", 1)
        return host, int(port), os.environ.get("EDU_BALANCE_TLS_CERT") or None
    lakehouse = pathlib.Path(os.environ.get("EDU_BALANCE_LAKEHOUSE", REPOSITORY / "lakehouse"))
    state = lakehouse / ".serve.properties"
    if not state.exists():
        raise RuntimeError(f"no jobs/serve runs for {lakehouse}: start one with jobs/serve")
    props = dict(l.split("=", 1) for l in state.read_text().splitlines() if "=" in l and not l.startswith("#"))
    cert = props.get("tls_cert", "").replace("\\:", ":") or os.environ.get("EDU_BALANCE_TLS_CERT") or None
    return props["host"], int(props["port"]), cert


def credentials():
    """(user, password) from the environment or the 0600 credentials file; None when neither is there."""
    if os.environ.get("EDU_BALANCE_USER") and os.environ.get("EDU_BALANCE_PASSWORD") is not None:
        return os.environ["EDU_BALANCE_USER"], os.environ["EDU_BALANCE_PASSWORD"]
    path = pathlib.Path(os.environ.get("EDU_BALANCE_CREDENTIALS", pathlib.Path.home() / ".config/edu-balance/credentials"))
    if not path.is_file():
        return None
    if path.stat().st_mode & 0o077:
        raise RuntimeError(f"{path} is readable by others; chmod 600 {path}")
    props = dict(l.split("=", 1) for l in path.read_text().splitlines() if "=" in l and not l.startswith("#"))
    return props["user"].strip(), props["password"]


def _to_pandas(table):
    """A pyarrow table as pandas, its map columns as dicts."""
    frame = table.to_pandas()
    for field in table.schema:
        if pa.types.is_map(field.type):
            frame[field.name] = frame[field.name].map(lambda v: None if v is None else dict(v))
    return frame


def query(sql):
    """The result of one SQL statement as a pandas DataFrame."""
    global _client, _options
    if _client is None:
        host, port, cert = endpoint()
        if cert:
            _client = flight.FlightClient(f"grpc+tls://{host}:{port}", tls_root_certs=pathlib.Path(cert).read_bytes())
        else:
            _client = flight.connect(f"grpc://{host}:{port}")
        login = credentials()
        headers = [_client.authenticate_basic_token(*login)] if login else []
        _options = flight.FlightCallOptions(headers=headers)
    info = _client.get_flight_info(flight.FlightDescriptor.for_command(sql), _options)
    return _to_pandas(_client.do_get(info.endpoints[0].ticket, _options).read_all())


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
