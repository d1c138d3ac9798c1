#!/bin/bash
# Starts the three DNS servers, each on its own port, and exits as soon as
# one of them does (a port taken by another process, say), so the container
# stops and is started again on fresh ports.
set -euo pipefail
render() { sed -e "s/@BIND_ADDR@/$BIND_ADDR/g" -e "s/@PORT@/$2/g" "/etc/tcpspec-dns/$1" >"/tmp/$1"; }
render unbound.conf "$UNBOUND_PORT"
render knot.conf "$KNOT_PORT"
render named.conf "$BIND9_PORT"
unbound -d -c /tmp/unbound.conf &
knotd -c /tmp/knot.conf &
named -g -4 -n 1 -u bind -c /tmp/named.conf &
set +e
wait -n
status=$?
echo "run.sh: a DNS server exited with status $status; stopping the others" >&2
kill $(jobs -p) 2>/dev/null
exit 1
