#if Hummingbird
import Crypto
import Mustache
import TokenGate

/// The issuer's HTML: plain server-rendered pages, no framework. Every template starts with
/// ``contentType``, so every `{{value}}` is escaped scalar by scalar (``ScalarHTMLEscaping``).
/// The one script, for the copy buttons, is allowed by its hash (``scriptSource``).
enum Pages {
    /// The pragma each template starts with.
    static let contentType = "{{% CONTENT_TYPE: \(ScalarHTMLEscaping.name) }}"

    static let library: MustacheLibrary = {
        MustacheContentTypes.register(ScalarHTMLEscaping(), named: ScalarHTMLEscaping.name)
        var library = MustacheLibrary()
        do {
            try library.register(Self.header, named: "header")
            try library.register(Self.footer, named: "footer")
            try library.register(Self.login, named: "login")
            try library.register(Self.error, named: "error")
            try library.register(Self.message, named: "message")
            try library.register(Self.adminLogin, named: "admin-login")
            try library.register(Self.applications, named: "applications")
            try library.register(Self.users, named: "users")
        } catch {
            preconditionFailure("a built-in template does not parse: \(error)")
        }
        return library
    }()

    static func render(_ name: String, _ values: [String: Any]) -> String {
        Self.library.render(values, withTemplate: name) ?? ""
    }

    /// The copy buttons' script, the only script of the pages.
    static let copyScript = """
        document.querySelectorAll('button[data-copy]').forEach(function (button) { \
        button.addEventListener('click', function () { navigator.clipboard.writeText(button.getAttribute('data-copy')); button.textContent = 'Copied'; }); \
        });
        """

    /// The policy's `script-src`: ``copyScript`` by its SHA-256, and nothing else (no inline
    /// event handler, no other inline or external script).
    static let scriptSource = "'sha256-" + Base64.encode(Array(SHA256.hash(data: Array(copyScript.utf8)))) + "'"

    static let header = """
        \(contentType)
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · appid-dev-server</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
        h1{font-size:1.4rem} nav a{margin-right:1rem} .error{color:#a00;border:1px solid #a00;padding:.5rem;border-radius:4px}
        .notice{color:#064;border:1px solid #064;padding:.5rem;border-radius:4px}
        label{display:block;margin:.6rem 0 .2rem} input[type=text],input[type=email],input[type=password]{width:100%;max-width:24rem;padding:.4rem}
        button{padding:.35rem .8rem;margin-top:.6rem} table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.3rem;border-bottom:1px solid #ddd}
        details{border:1px solid #ccc;border-radius:4px;margin:.5rem 0;padding:.4rem .8rem} summary{cursor:pointer;font-weight:600}
        dl{display:grid;grid-template-columns:max-content 1fr auto;gap:.3rem .8rem;align-items:center} dd{margin:0;font-family:monospace;word-break:break-all}
        </style></head><body>
        """

    static let footer = """
        \(contentType)
        <script>\(copyScript)</script>
        </body></html>
        """

    static let login = """
        \(contentType)
        {{> header}}
        <h1>Sign in to {{applicationName}}</h1>
        <p>App ID-compatible local issuer, tenant <code>{{tenantID}}</code>.</p>
        {{#error}}<p class="error" id="login-error">{{error}}</p>{{/error}}
        <form method="post" action="{{action}}">
        {{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="email">Email</label><input type="email" id="email" name="email" value="{{email}}" autocomplete="username" required>
        <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit" id="sign-in">Sign in</button>
        </form>
        {{> footer}}
        """

    static let error = """
        \(contentType)
        {{> header}}
        <h1>{{title}}</h1>
        <p class="error">{{message}}</p>
        {{> footer}}
        """

    static let message = """
        \(contentType)
        {{> header}}
        <h1>{{title}}</h1>
        <p id="message">{{message}}</p>
        {{> footer}}
        """

    static let adminLogin = """
        \(contentType)
        {{> header}}
        <h1>appid-dev-server administration</h1>
        {{#error}}<p class="error">{{error}}</p>{{/error}}
        <form method="post" action="/admin/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="token">Admin token</label><input type="password" id="token" name="token" required>
        <button type="submit" id="admin-sign-in">Sign in</button>
        </form>
        {{> footer}}
        """

    static let navigation = """
        <nav>{{#tenants}}<a href="/admin/tenants/{{.}}/applications">{{.}}: Applications</a><a href="/admin/tenants/{{.}}/users">Users</a>{{/tenants}}
        <form method="post" action="/admin/logout" style="display:inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Sign out</button></form></nav>
        """

    static let applications = """
        \(contentType)
        {{> header}}
        \(navigation)
        <h1>Applications of tenant {{tenantID}}</h1>
        {{#error}}<p class="error" id="form-error">{{error}}</p>{{/error}}
        {{#created}}<p class="notice">Application added. Copy its secret now: it is shown only once.</p>{{/created}}
        <form method="post" action="/admin/tenants/{{tenantID}}/applications">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="name">Application name (up to 50 characters)</label><input type="text" id="name" name="name" value="{{name}}" required>
        <button type="submit" id="add-application">Add application</button>
        </form>
        {{^applications}}<p>No applications yet.</p>{{/applications}}
        {{#applications}}
        <details id="app-{{clientID}}" {{#open}}open{{/open}}>
        <summary>{{name}}</summary>
        <dl>
        <dt>Client ID</dt><dd class="client-id">{{clientID}}</dd><button type="button" data-copy="{{clientID}}">Copy</button>
        <dt>Secret</dt>{{#secret}}<dd class="secret">{{secret}}</dd><button type="button" data-copy="{{secret}}">Copy</button>{{/secret}}{{^secret}}<dd>shown once, when the application was added</dd><span></span>{{/secret}}
        <dt>Tenant ID</dt><dd>{{tenantID}}</dd><button type="button" data-copy="{{tenantID}}">Copy</button>
        <dt>oAuthServerUrl</dt><dd class="oauth-server-url">{{oauthServerURL}}</dd><button type="button" data-copy="{{oauthServerURL}}">Copy</button>
        <dt>profilesUrl</dt><dd>{{profilesURL}}</dd><button type="button" data-copy="{{profilesURL}}">Copy</button>
        <dt>discoveryEndpoint</dt><dd>{{discoveryEndpoint}}</dd><button type="button" data-copy="{{discoveryEndpoint}}">Copy</button>
        </dl>
        <form method="post" action="/admin/tenants/{{tenantID}}/applications/{{clientID}}/delete"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Delete</button></form>
        </details>
        {{/applications}}
        {{> footer}}
        """

    static let users = """
        \(contentType)
        {{> header}}
        \(navigation)
        <h1>Users of tenant {{tenantID}}</h1>
        {{#error}}<p class="error" id="form-error">{{error}}</p>{{/error}}
        <form method="post" action="/admin/tenants/{{tenantID}}/users">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="email">Email</label><input type="email" id="email" name="email" required>
        <label for="password">Password</label><input type="password" id="password" name="password" required>
        <label for="display-name">Name</label><input type="text" id="display-name" name="name">
        <button type="submit" id="add-user">Add user</button>
        </form>
        <table><thead><tr><th>Email</th><th>Name</th><th>Id</th><th></th></tr></thead><tbody>
        {{#users}}<tr><td class="user-email">{{email}}</td><td>{{name}}</td><td><code>{{id}}</code></td>
        <td><form method="post" action="/admin/tenants/{{tenantID}}/users/{{id}}/delete"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Remove</button></form></td></tr>{{/users}}
        </tbody></table>
        {{> footer}}
        """
}
#endif
