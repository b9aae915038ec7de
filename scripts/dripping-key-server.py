#!/usr/bin/env python3
"""A hostile key server on loopback: answers every GET with a 200 head at once, then sends the
body one byte at a time, slowly enough that the whole body would take hours.

A key fetch must give up at its deadline (which covers the body, not just the head), and the
requests waiting for the keys must get their answer (503 with Retry-After) by then.

Usage: dripping-key-server.py PORT [--interval SECONDS] [--lifetime SECONDS]

It listens on 127.0.0.1 only, prints one line per connection ("dripping to ..."), and exits by
itself after --lifetime seconds (default 60), whatever its clients do.
"""
import argparse
import os
import socketserver
import sys
import threading
import time

BODY_LENGTH = 100_000  # announced in Content-Length; at one byte per interval it never completes


class Dripper(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 16384:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1].decode("ascii", "replace") if data.count(b" ") >= 2 else "?"
        print(f"dripping to {self.client_address[0]}:{self.client_address[1]} for {path}", flush=True)
        head = (
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {BODY_LENGTH}\r\n"
            "\r\n"
        ).encode("ascii")
        index = 0
        try:
            self.request.sendall(head)
            body = b'{"keys":[' + b" " * (BODY_LENGTH - 9)
            for index in range(BODY_LENGTH):
                self.request.sendall(body[index:index + 1])
                time.sleep(self.server.interval)
        except OSError:
            print(f"client {self.client_address[0]}:{self.client_address[1]} gave up after {index} bytes", flush=True)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between body bytes (default 0.5)")
    parser.add_argument("--lifetime", type=float, default=60, help="exit after this many seconds (default 60)")
    arguments = parser.parse_args()
    server = Server(("127.0.0.1", arguments.port), Dripper)
    server.interval = arguments.interval
    # Bounded in time whatever happens: exit after the lifetime even with clients connected.
    threading.Timer(arguments.lifetime, lambda: os._exit(0)).start()
    print(f"dripping key server on http://127.0.0.1:{arguments.port} for {arguments.lifetime:g} s", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
