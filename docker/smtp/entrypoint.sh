#!/bin/sh
set -e
postconf -e "inet_interfaces=$BIND_ADDR"
# the one SMTP listener, on the port chosen for this container
postconf -M "$PORT/inet=$PORT inet n - n - - smtpd"
exec postfix start-fg
