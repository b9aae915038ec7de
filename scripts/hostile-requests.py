#!/usr/bin/env python3
"""Black-box hostile requests against a running protected-api (or vapor-protected-api).

Usage: hostile-requests.py <base-url> [<valid access token> [<identity token>]]

With an identity token, the server must have been started with --access-token-type at+jwt
against an issuer that marks its access tokens so (the local issuer does): the identity token
alone must be refused (401), an access token in the identity token's place too, and the pair
accepted (200).

Every request goes over a raw socket with a 10 s timeout. Each answer must be 200, 400, 401, 404 (odd paths),
403, 413 or 431 -- never a 5xx, never silence (except that the HTTP parser may close the
connection on a field value HTTP forbids) -- and the server must still answer
/api/public afterwards. Exits 1 on the first violation, printing what was sent.
"""
import base64
import json
import socket
import sys
import threading
import urllib.parse

ALLOWED = {200, 400, 401, 403, 404, 413, 431}
TIMEOUT = 10


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def send(host: str, port: int, raw: bytes) -> int:
    """Sends raw bytes, returns the status code of the answer (0 when the server closed the
    connection without an answer, which is allowed only for requests NIO refuses to parse)."""
    with socket.create_connection((host, port), timeout=TIMEOUT) as sock:
        sock.sendall(raw)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return 0
            data += chunk
        line = data.split(b"\r\n", 1)[0].split(b" ")
        return int(line[1])


def refused_by_http_parser(authorization) -> bool:
    """An HTTP server may close the connection instead of answering a field value that HTTP
    forbids (control characters, RFC 9110 §5.5) or one over its header limit."""
    if authorization is None:
        return False
    raw = authorization if isinstance(authorization, bytes) else authorization.encode()
    return len(raw) > 8000 or any(byte < 0x20 and byte != 0x09 for byte in raw)


def request(path: str, authorization=None, extra=b"") -> bytes:
    lines = [f"GET {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close"]
    if authorization is not None:
        lines.append(b"Authorization: " + (authorization if isinstance(authorization, bytes) else authorization.encode()))
    return b"\r\n".join(lines) + b"\r\n" + extra + b"\r\n"


def main() -> int:
    base = urllib.parse.urlparse(sys.argv[1])
    host, port = base.hostname, base.port or 80
    valid = sys.argv[2] if len(sys.argv) > 2 else None
    identity = sys.argv[3] if len(sys.argv) > 3 else None
    header, payload, signature = (valid.split(".") + ["", "", ""])[:3] if valid else ("e30", "e30", "")

    claims = json.dumps({"iss": "x", "aud": "y", "sub": "z", "exp": 4102444800}).encode()
    hostile_tokens = [
        "", " ", "a", "a.b", "a.b.c", "a.b.c.d", "a.b.c.d.e", "....", "..", ".",
        b64(b'{"alg":"none"}') + "." + b64(claims) + ".",
        b64(b'{"alg":"NONE","kid":"x"}') + "." + b64(claims) + ".",
        b64(b'{"alg":"HS256","kid":"x"}') + "." + b64(claims) + "." + b64(b"\0" * 32),
        b64(b'{"alg":"RS256","jku":"http://169.254.169.254/"}') + "." + b64(claims) + "." + b64(b"\1" * 256),
        b64(b'{"alg":"RS256","kid":"../../etc/passwd"}') + "." + b64(claims) + "." + b64(b"\1" * 256),
        b64(b'{"alg":"RS256","crit":["exp"],"exp":1}') + "." + b64(claims) + "." + b64(b"\1" * 256),
        b64(b'{"alg":"RS256","alg":"none"}') + "." + b64(claims) + "." + b64(b"\1" * 256),
        b64(b"[]") + "." + b64(b"[]") + "." + b64(b"x"),
        b64(b'{"alg":"RS256"' + b"[" * 10000) + "." + b64(claims) + ".x",
        b64(b'{"alg":"ES256"}') + "." + b64(claims) + "." + b64(b"\0" * 64),
        b64(b'{"alg":"RS256"}') + "." + b64(json.dumps({"exp": "never"}).encode()) + ".AA",
        b64(b'{"alg":"RS256"}') + "." + b64(b'{"exp":1e999}') + ".AA",
        header + "." + payload + ".",
        header + "." + payload + "." + signature[:-4] + "AAAA" if signature else "x.y.z",
        header + "." + payload + "=" + "." + signature,
        header + "." + b64(claims) + "." + signature,
        "A" * 20000,
        ".".join(["A" * 5000] * 3),
    ]
    if valid:
        hostile_tokens.append(valid + " " + valid[:-2] + "xx")   # forged identity token
        hostile_tokens.append(valid + " " + valid + " " + valid)  # three tokens

    cases = []
    for token in hostile_tokens:
        for scheme in ("Bearer ", "bearer ", "BEARER  ", "Bearer\t", "Basic ", ""):
            cases.append(("/api/protected", scheme + token))
            cases.append(("/api/protected/admin", scheme + token))
    cases += [
        ("/api/protected", None),
        ("/api/protected", b"Bearer \xff\xfe\xfd"),
        ("/api/protected", b"Bearer abc\x00def"),
        ("/api/protected", "Bearer " + "a" * 17000),
        ("/api/protected", "Bearer a,b"),
        ("/api/protected", "Bearer a b c d"),
        ("/api/protected/../protected", "Bearer x"),
        ("/api/protected?access_token=" + (valid or "x"), None),
        ("/api/protected%2Fadmin", "Bearer x"),
    ]

    failures = 0
    for path, authorization in cases:
        try:
            status = send(host, port, request(path, authorization))
        except socket.timeout:
            print(f"HANG: {path} {authorization!r:.120}")
            return 1
        except (ConnectionResetError, BrokenPipeError):
            status = 0
        if status not in ALLOWED and not (status == 0 and refused_by_http_parser(authorization)):
            print(f"BAD STATUS {status}: {path} {authorization!r:.120}")
            failures += 1

    # Two Authorization fields, a huge header block, and many at once.
    two = request("/api/protected", "Bearer x", b"Authorization: Bearer y\r\n")
    status = send(host, port, two)
    if status not in ALLOWED:
        print(f"BAD STATUS {status}: two Authorization fields")
        failures += 1
    huge = request("/api/protected", "Bearer x", b"X-Padding: " + b"p" * 200000 + b"\r\n")
    try:
        status = send(host, port, huge)
        if status not in ALLOWED and status != 0:
            print(f"BAD STATUS {status}: 200 KB header block")
            failures += 1
    except (ConnectionResetError, BrokenPipeError):
        pass

    # Token confusion: an identity token is not an access token, nor the reverse.
    if valid and identity:
        for label, authorization, expected in (
            ("the identity token as the access token", "Bearer " + identity, 401),
            ("an access token as the identity token", f"Bearer {valid} {valid}", 401),
            ("the access token with its identity token", f"Bearer {valid} {identity}", 200),
        ):
            status = send(host, port, request("/api/protected", authorization))
            if status != expected:
                print(f"TOKEN CONFUSION: {label} answered {status}, expected {expected}")
                failures += 1
        cases += [("confusion", None)] * 3

    results = []

    def burst() -> None:
        for _ in range(50):
            results.append(send(host, port, request("/api/protected", "Bearer " + hostile_tokens[10])))

    threads = [threading.Thread(target=burst) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if len(results) != 400 or any(status != 401 for status in results):
        print(f"BURST: {len(results)} answers, statuses {sorted(set(results))}")
        failures += 1

    status = send(host, port, request("/api/public"))
    if status != 200:
        print(f"the server no longer answers /api/public ({status})")
        return 1
    print(f"hostile requests: {len(cases) + 402} sent, {failures} violations")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
