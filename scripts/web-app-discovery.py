#!/usr/bin/env python3
"""The web-app example configured from a discovery document (--discovery-url), over HTTP.

Usage: web-app-discovery.py APP_BASE OAUTH_SERVER_URL EMAIL PASSWORD

APP_BASE is the example's base URL (http://127.0.0.1:PORT), started with --discovery-url,
--client-id, --secret and --post-logout-redirect-uri APP_BASE/. The script logs in through the
issuer's form, opens /protected, logs out with the session's logout token, and checks the
RP-initiated logout: the app redirects to the issuer's end-session endpoint with id_token_hint,
client_id, post_logout_redirect_uri and state, and the issuer sends the browser back with that
state. Standard library only; exits non-zero on the first failed check.
"""

import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    app, oauth, email, password = sys.argv[1:5]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def send(url, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with opener.open(url, data=data, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def check(condition, label):
        if not condition:
            print(f"FAILED: {label}")
            sys.exit(1)
        print(f"ok: {label}")

    status, location, _ = send(app + "/login?returnTo=/protected")
    check(status == 302 and location.startswith(oauth + "/authorization?"), "login redirects to the discovered authorization endpoint")
    status, _, page = send(location)
    check(status == 200, "the issuer shows its login form")
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    fields.update(email=email, password=password)
    status, location, _ = send(oauth + "/authorization", fields)
    check(status == 302 and location.startswith(app + "/"), "the form redirects to the app's callback")
    status, location, _ = send(location)
    check(status == 302 and location == "/protected", "the callback completes the login")
    status, _, page = send(app + "/protected")
    check(status == 200, "the protected page is served")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    check(token is not None, "the page carries the logout form")
    status, location, _ = send(app + "/logout", {"csrf_token": token.group(1)})
    check(status == 302 and location.startswith(oauth + "/logout?"), "logout redirects to the end-session endpoint")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    check(set(query) == {"id_token_hint", "client_id", "post_logout_redirect_uri", "state"}, "id_token_hint, client_id, post_logout_redirect_uri, state")
    check(query["post_logout_redirect_uri"] == app + "/", "the configured post_logout_redirect_uri")
    status, _, _ = send(app + "/protected")
    check(status == 302, "the local session ended")
    status, back, _ = send(location)
    check(status == 302 and back == app + "/?state=" + urllib.parse.quote(query["state"], safe=""), "the issuer sends the browser back with state")
    return 0


if __name__ == "__main__":
    sys.exit(main())
