"""Query the lakehouse from Python through jobs/serve (Arrow Flight): query(sql) -> pandas.DataFrame.

The server is found through EDU_BALANCE_SERVE=host:port, or else the state file jobs/serve writes in
the lakehouse (EDU_BALANCE_LAKEHOUSE, default ./lakehouse of this repository). Statements are
read-only: a write comes back as pyarrow.flight.FlightUnauthorizedError with the reason.
"""
import os
import pathlib

import pyarrow.flight as flight

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
_client = None


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


def query(sql):
    """The result of one SQL statement as a pandas DataFrame."""
    global _client
    if _client is None:
        host, port = endpoint()
        _client = flight.connect(f"grpc://{host}:{port}")
    info = _client.get_flight_info(flight.FlightDescriptor.for_command(sql))
    return _client.do_get(info.endpoints[0].ticket).read_pandas()
