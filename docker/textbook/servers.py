"""The classic textbook TCP servers: echo, greeting and timestamp.

Each connection is served in its own thread; every recv() is taken as one
message, the textbook way, so a message split across TCP segments is
answered once per piece (which tcpspec's fuzzing makes visible).
"""
import os
import socketserver
import threading
import time

BIND_ADDR = os.environ.get("BIND_ADDR", "127.0.0.1")


def reply_echo(data: bytes) -> bytes:
    return data


def reply_greeting(_data: bytes) -> bytes:
    return b"Hallo Client!"


def reply_timestamp(data: bytes) -> bytes:
    return ("[%s] " % time.ctime()).encode() + data


SERVERS = [
    (int(os.environ.get("ECHO_PORT", "17001")), "echo", reply_echo),
    (int(os.environ.get("GREETING_PORT", "17002")), "greeting", reply_greeting),
    (int(os.environ.get("TIMESTAMP_PORT", "17003")), "timestamp", reply_timestamp),
]


def handler_for(reply):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            while True:
                data = self.request.recv(1024)
                if not data:
                    break
                self.request.sendall(reply(data))

    return Handler


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    servers = []
    for port, name, reply in SERVERS:
        server = Server((BIND_ADDR, port), handler_for(reply))
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("%s server listening on %s:%d" % (name, BIND_ADDR, port))
    print("textbook servers ready")
    threading.Event().wait()


if __name__ == "__main__":
    main()
