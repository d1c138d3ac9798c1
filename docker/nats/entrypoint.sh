#!/bin/sh
# Two nats-server processes, plain and TLS; the container stops when either does.
set -e
conf=/etc/nats-tcpspec
nats-server --addr "$BIND_ADDR" --port "$PORT" --name tcpspec --config "$conf/nats.conf" &
plain=$!
nats-server --addr "$BIND_ADDR" --port "$TLS_PORT" --name tcpspec-tls --config "$conf/nats-tls.conf" &
tls=$!
trap 'kill $plain $tls 2>/dev/null' TERM INT
# wait -n is not in dash: poll until one of them has gone
while kill -0 $plain 2>/dev/null && kill -0 $tls 2>/dev/null; do sleep 1; done
kill $plain $tls 2>/dev/null || true
exit 1
