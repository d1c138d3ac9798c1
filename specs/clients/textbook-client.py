"""The textbook greeting client: sends "Hallo Server!", reads its reply with ONE
recv(1024), prints it and closes. A reply that arrives in two pieces is printed
cut short: the bug tcpspec fuzz catches (see textbook-greeting.yaml).

usage: python3 textbook-client.py HOST PORT
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.create_connection((host, port), timeout=10) as s:
    s.sendall(b"Hallo Server!")
    reply = s.recv(1024)
    print(reply.decode("utf-8", "replace"))
