#!/usr/bin/env python3
"""Black-box injection attempts against a running appid-dev-server's login page.

Usage: hostile-issuer-requests.py <base-url> <admin token> [<tenant>]

Registers an application whose name hides markup behind a prepend character (U+0600), adds a
redirect URI, then sends authorization requests whose echoed parameters try to break out of the
login form's attributes (the published grapheme-cluster payload, an ASCII quote, oversized
values, an unregistered redirect URI). Checks: values outside visible ASCII or too long get a
400 page and never a redirect; ASCII markup comes out escaped; the page's Content-Security-Policy
runs no inline script but its own (by hash) and restricts form-action; the server still answers,
and only to Host names of this machine (DNS rebinding).
Cleans up what it added. Every request has a 10 s timeout. Exits 1 on the first violation.
"""
import http.client
import json
import sys
import urllib.parse

TIMEOUT = 10
REDIRECT_URI = "http://127.0.0.1:9/callback"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # base64url(SHA-256), 43 characters
GRAPHEME_PAYLOAD = "\"\u0301\u0600>\u0600<svg/onload=alert(document.domain)//\u0600>"


def request(base, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def fail(message, status=None, headers=None, body=""):
    print("FAILED:", message)
    if status is not None:
        print("status", status, headers)
        print(body[:1500])
    sys.exit(1)


def ok(message):
    print("ok:", message)


def main() -> int:
    base = urllib.parse.urlparse(sys.argv[1])
    admin = sys.argv[2]
    tenant = sys.argv[3] if len(sys.argv) > 3 else "dev-tenant"
    management = f"/management/v4/{tenant}"
    auth = {"Authorization": "Bearer " + admin, "Content-Type": "application/json"}

    status, _, body = request(base, "POST", management + "/applications", json.dumps({"name": "\u0600<svg/onload=alert(1)>\"\u0301"}), auth)
    if status != 201:
        fail("registering the application", status, {}, body)
    client_id = json.loads(body)["clientId"]
    status, _, body = request(base, "GET", management + "/config/redirect_uris", headers=auth)
    original = json.loads(body).get("redirectUris", []) if status == 200 else []
    status, _, body = request(base, "PUT", management + "/config/redirect_uris", json.dumps({"redirectUris": original + [REDIRECT_URI]}), auth)
    if status != 200:
        fail("adding the redirect URI", status, {}, body)

    def authorize(extra, redirect_uri=REDIRECT_URI):
        query = (f"response_type=code&client_id={client_id}&scope=openid&code_challenge={CHALLENGE}&code_challenge_method=S256"
                 f"&redirect_uri={urllib.parse.quote(redirect_uri, safe='')}{extra}")
        return request(base, "GET", f"/oauth/v4/{tenant}/authorization?{query}")

    try:
        refused = [
            ("state with the grapheme-cluster payload", "&state=" + urllib.parse.quote(GRAPHEME_PAYLOAD, safe=""), REDIRECT_URI),
            ("nonce with the grapheme-cluster payload", "&state=s&nonce=" + urllib.parse.quote(GRAPHEME_PAYLOAD, safe=""), REDIRECT_URI),
            ("state with a control character", "&state=a%09b", REDIRECT_URI),
            ("a 513-character state", "&state=" + "s" * 513, REDIRECT_URI),
            ("scope outside visible ASCII", "&state=s&scope=openid%20%D8%80%3Cx", REDIRECT_URI),
            ("an unregistered redirect_uri carrying markup", "&state=s", REDIRECT_URI + "\u0600<svg/onload=alert(1)>"),
        ]
        for label, extra, redirect_uri in refused:
            status, headers, body = authorize(extra, redirect_uri)
            if status != 400 or "location" in headers or "<svg" in body or "<form" in body:
                fail(label + ": expected a 400 page without a redirect or the form", status, headers, body)
            ok(label + " is refused with a 400 page")

        ascii_payload = "\"><svg/onload=alert(1)>"
        status, headers, body = authorize("&state=" + urllib.parse.quote(ascii_payload, safe=""))
        if status != 200 or "<svg" in body or "&quot;&gt;&lt;svg/onload=alert(1)&gt;" not in body:
            fail("an ASCII state that closes the attribute must be escaped", status, headers, body)
        ok("an ASCII state with markup is escaped in the form")
        if "\u0600&lt;svg/onload=alert(1)&gt;&quot;\u0301" not in body:
            fail("the application's name must be escaped scalar by scalar", status, headers, body)
        ok("an application name with markup behind U+0600 is escaped")

        directives = {}
        for directive in headers.get("content-security-policy", "").split(";"):
            words = directive.split()
            if words:
                directives[words[0]] = words[1:]
        scripts = directives.get("script-src", [])
        if not scripts or "'unsafe-inline'" in scripts or any(not word.startswith("'sha256-") for word in scripts):
            fail("script-src must allow only hashed scripts: " + str(directives))
        ok("script-src allows only the page's own script, by hash")
        if directives.get("form-action") != ["'self'", "http://127.0.0.1:9"]:
            fail("form-action must be the issuer and the redirect URI's origin: " + str(directives))
        ok("form-action is the issuer and the redirect URI's origin")

        status, headers, body = request(base, "GET", "/admin/login")
        policy = headers.get("content-security-policy", "")
        if "form-action 'self';" not in policy or "script-src 'sha256-" not in policy or "script-src 'unsafe-inline'" in policy:
            fail("the admin pages must restrict form-action and scripts", status, headers, body)
        ok("the admin pages restrict form-action and scripts")
    finally:
        request(base, "PUT", management + "/config/redirect_uris", json.dumps({"redirectUris": original}), auth)
        request(base, "DELETE", f"{management}/applications/{client_id}", headers=auth)

    status, _, _ = request(base, "GET", f"/oauth/v4/{tenant}/.well-known/openid-configuration")
    if status != 200:
        fail("the issuer must still answer after the hostile requests", status)
    ok("the issuer still answers")

    # DNS rebinding: a page of another site whose name resolves to 127.0.0.1 sends its own name.
    discovery = f"/oauth/v4/{tenant}/.well-known/openid-configuration"
    for host in ["attacker.example", f"attacker.example:{base.port}", f"127.0.0.1.attacker.example:{base.port}"]:
        status, headers, body = request(base, "GET", discovery, headers={"Host": host})
        if status != 421:
            fail(f"a request for Host {host} must get 421 (DNS rebinding)", status, headers, body)
    for host in [f"localhost:{base.port}", f"127.0.0.1:{base.port}"]:
        status, headers, body = request(base, "GET", discovery, headers={"Host": host})
        if status != 200:
            fail(f"a request for Host {host} must be answered", status, headers, body)
    ok("other Host names get 421, localhost and 127.0.0.1 are answered")
    print("hostile issuer requests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
