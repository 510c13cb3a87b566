"""Query the lakehouse from Python through jobs/serve (Arrow Flight): query(sql) -> pandas.DataFrame.

The server is found through EDU_BALANCE_SERVE=host:port, or else the state file jobs/serve writes in
the lakehouse (EDU_BALANCE_LAKEHOUSE, default ./lakehouse of this repository). Statements are
read-only: a write comes back as pyarrow.flight.FlightUnauthorizedError with the reason.

A server with users (README, "Serving an office"): the user is EDU_BALANCE_USER with
EDU_BALANCE_PASSWORD, or else user= and password= of ~/.config/edu-balance/credentials
(EDU_BALANCE_CREDENTIALS), a file only its owner may read (0600). Over TLS the server's certificate
is the state file's tls_cert, or EDU_BALANCE_TLS_CERT.
"""
import os
import pathlib

import pyarrow.flight as flight

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
_client = None
_options = None


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
    return _client.do_get(info.endpoints[0].ticket, _options).read_pandas()
