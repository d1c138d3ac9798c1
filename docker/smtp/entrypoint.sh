#!/bin/sh
set -e
postconf -e "inet_interfaces=$BIND_ADDR"
exec postfix start-fg
