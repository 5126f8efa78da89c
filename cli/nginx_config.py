"""The nginx configuration of `cabinet cluster`: one upstream of the workers on loopback ports.

Everything (the webhook at `/telegram/webhook`, payment callbacks, return pages, `/healthz`) is
proxied to the workers. A request whose worker is gone (refused, reset, or silent past the read
timeout) is sent to the next one, POSTs included (`non_idempotent`): a webhook update sent twice
is kept and handled once (the update inbox dedupes `update_id`s), and a payment callback is
checked at the bank before it counts. The read timeout is above `WEBHOOK_ANSWER_SECONDS` (a
worker answers the webhook by then whatever its handler does), so only a hung worker hits it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


@dataclass(frozen=True)
class NginxLayout:
    """Where nginx keeps its files under the cluster's folder."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "nginx.conf"

    @property
    def error_log(self) -> Path:
        return self.root / "logs" / "nginx-error.log"

    def prepare(self) -> None:
        (self.root / "logs").mkdir(parents=True, exist_ok=True)
        for folder in TEMP_FOLDERS:
            (self.root / "nginx-temp" / folder).mkdir(parents=True, exist_ok=True)


def nginx_config(
    layout: NginxLayout,
    listen_host: str,
    listen_port: int,
    worker_ports: Sequence[int],
    answer_seconds: float,
    *,
    run_as_root: bool = False,
) -> str:
    """The whole nginx.conf, for `nginx -p ROOT -c nginx.conf -g 'daemon off;'`."""
    if not worker_ports:
        raise ValueError("at least one worker")
    read_timeout = math.ceil(answer_seconds) + 10
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in worker_ports
    )
    temp = layout.root / "nginx-temp"
    # As root nginx's workers would become `nobody`, who may not write in the cluster's folder.
    user = "user root;\n" if run_as_root else ""
    return f"""# Written by `cabinet cluster`; rewritten at every start.
{user}worker_processes 1;
pid {layout.root / "nginx.pid"};
error_log {layout.error_log} warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    client_body_temp_path {temp / "client_body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    # An update is a few kilobytes: kept in memory, so that it can be sent again to another worker.
    client_max_body_size 2m;
    client_body_buffer_size 256k;

    upstream cabinet_workers {{
{servers}
        keepalive 64;
    }}

    server {{
        listen {listen_host}:{listen_port};

        location / {{
            proxy_pass http://cabinet_workers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_send_timeout 10s;
            proxy_read_timeout {read_timeout}s;
            # A worker that died under a request: the next one gets it, POSTs included (the inbox
            # handles a redelivered update once).
            proxy_next_upstream error timeout non_idempotent;
            proxy_next_upstream_timeout {read_timeout + 5}s;
        }}
    }}
}}
"""
