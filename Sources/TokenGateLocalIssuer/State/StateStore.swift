import TokenGate

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The issuer's state on disk: one folder per tenant with one JSON file per kind of record,
/// each replaced atomically (temporary file, fsync, rename), mode 0600. A file that cannot be
/// read is reported by name and never overwritten.
///
/// ```
/// <state>/admin.json                         the admin token's digest
/// <state>/tenants/<tenantId>/applications.json
/// <state>/tenants/<tenantId>/users.json
/// <state>/tenants/<tenantId>/keys.json       private signing keys (PEM)
/// <state>/tenants/<tenantId>/refresh-tokens.json
/// <state>/tenants/<tenantId>/config.json       redirect URIs, custom identity key
/// <state>/tenants/<tenantId>/attributes.json   users' profile attributes
/// ```
struct StateStore: Sendable {
    /// A kind of record, and its file.
    enum Part: String, CaseIterable, Sendable {
        case applications = "applications.json"
        case users = "users.json"
        case keys = "keys.json"
        case refreshTokens = "refresh-tokens.json"
        case config = "config.json"
        case attributes = "attributes.json"
    }

    /// The folder, or `nil` for a memory-only issuer.
    let directory: String?

    static let maximumFileSize = 64 * 1024 * 1024

    func path(_ part: Part, tenantID: String) -> String? {
        self.directory.map { "\($0)/tenants/\(tenantID)/\(part.rawValue)" }
    }

    var adminPath: String? { self.directory.map { "\($0)/admin.json" } }

    /// Loads a tenant; a tenant without files starts empty.
    func load(tenantID: String) throws(LocalIssuerError) -> TenantState {
        var state = TenantState(tenantID: tenantID)
        guard self.directory != nil else { return state }
        if let items = try self.items(.applications, tenantID: tenantID) {
            for (index, item) in items.enumerated() {
                guard let application = RegisteredApplication(stored: item) else { throw self.corrupt(.applications, tenantID, "entry \(index)") }
                state.applications[application.clientID] = application
            }
        }
        if let items = try self.items(.users, tenantID: tenantID) {
            for (index, item) in items.enumerated() {
                guard let user = LocalUser(stored: item) else { throw self.corrupt(.users, tenantID, "entry \(index)") }
                state.users[user.id] = user
            }
        }
        if let items = try self.items(.keys, tenantID: tenantID) {
            for (index, item) in items.enumerated() {
                guard let key = IssuerSigningKey(stored: item) else { throw self.corrupt(.keys, tenantID, "entry \(index)") }
                state.keys.append(key)
            }
        }
        if let items = try self.items(.refreshTokens, tenantID: tenantID) {
            for (index, item) in items.enumerated() {
                guard let digest = item["digest"]?.stringValue, let grant = RefreshGrant(stored: item) else {
                    throw self.corrupt(.refreshTokens, tenantID, "entry \(index)")
                }
                state.refreshGrants[digest] = grant
            }
        }
        if let document = try self.document(.config, tenantID: tenantID) {
            switch document["customIdentityKey"] {
            case nil: break
            case .string(let key)?: state.customIdentityKey = key
            default: throw self.corrupt(.config, tenantID, "customIdentityKey")
            }
            guard let uris = document["redirectUris"]?.arrayValue, uris.allSatisfy({ $0.stringValue != nil }) else {
                throw self.corrupt(.config, tenantID, "redirectUris")
            }
            state.redirectURIs = uris.compactMap(\.stringValue)
        }
        if let items = try self.items(.attributes, tenantID: tenantID) {
            for (index, item) in items.enumerated() {
                guard let user = item["userId"]?.stringValue, let attributes = item["attributes"]?.objectValue else {
                    throw self.corrupt(.attributes, tenantID, "entry \(index)")
                }
                state.attributes[user] = attributes
            }
        }
        return state
    }

    /// Writes the given parts of a tenant's state.
    func save(_ parts: [Part], of state: TenantState) throws(LocalIssuerError) {
        guard let directory else { return }
        let folder = "\(directory)/tenants/\(state.tenantID)"
        do {
            try DurableFile.makeDirectories(folder)
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot create the state folder \(folder) (errno \(error.code))")
        }
        for part in parts {
            let items: [JSONValue]
            switch part {
            case .applications: items = state.applications.values.sorted { $0.clientID < $1.clientID }.map(\.stored)
            case .users: items = state.users.values.sorted { $0.id < $1.id }.map(\.stored)
            case .keys: items = state.keys.map(\.stored)
            case .refreshTokens:
                items = state.refreshGrants.sorted { $0.key < $1.key }.map { digest, grant in
                    var object = grant.stored.objectValue ?? [:]
                    object["digest"] = .string(digest)
                    return .object(object)
                }
            case .config:
                var document: [String: JSONValue] = ["version": 1, "redirectUris": .array(state.redirectURIs.map(JSONValue.string))]
                if let key = state.customIdentityKey { document["customIdentityKey"] = .string(key) }
                try self.write(.object(document), to: "\(folder)/\(part.rawValue)")
                continue
            case .attributes:
                items = state.attributes.sorted { $0.key < $1.key }.map { ["userId": .string($0.key), "attributes": .object($0.value)] }
            }
            try self.write(["version": 1, "items": .array(items)], to: "\(folder)/\(part.rawValue)")
        }
    }

    /// The stored digest of the admin token, if one was stored.
    func loadAdminDigest() throws(LocalIssuerError) -> [UInt8]? {
        guard let path = self.adminPath, let document = try self.read(path) else { return nil }
        guard let digest = document["tokenDigest"]?.stringValue.flatMap({ Base64URL.decode($0) }), digest.count == 32 else {
            throw LocalIssuerError(.corruptState, "state file \(path) has no valid tokenDigest; fix or remove it (nothing was overwritten)")
        }
        return digest
    }

    func saveAdminDigest(_ digest: [UInt8]) throws(LocalIssuerError) {
        guard let directory, let path = self.adminPath else { return }
        do {
            try DurableFile.makeDirectories(directory)
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot create the state folder \(directory) (errno \(error.code))")
        }
        try self.write(["version": 1, "tokenDigest": .string(Base64URL.encode(digest))], to: path)
    }

    private func items(_ part: Part, tenantID: String) throws(LocalIssuerError) -> [JSONValue]? {
        guard let document = try self.document(part, tenantID: tenantID) else { return nil }
        guard let items = document["items"]?.arrayValue else { throw self.corrupt(part, tenantID, "items") }
        return items
    }

    private func document(_ part: Part, tenantID: String) throws(LocalIssuerError) -> JSONValue? {
        guard let path = self.path(part, tenantID: tenantID) else { return nil }
        guard let document = try self.read(path) else { return nil }
        guard document["version"] == 1 else { throw self.corrupt(part, tenantID, "version") }
        return document
    }

    private func read(_ path: String) throws(LocalIssuerError) -> JSONValue? {
        let bytes: [UInt8]?
        do {
            bytes = try DurableFile.read(path, maximumSize: Self.maximumFileSize)
        } catch {
            throw LocalIssuerError(.corruptState, "state file \(path) cannot be read (errno \(error.code)); nothing was overwritten")
        }
        guard let bytes else { return nil }
        do {
            let value = try JSONParser.parse(bytes, maximumDepth: 16)
            guard value.objectValue != nil else { throw JSONParser.Failure.unexpectedEnd }
            return value
        } catch {
            throw LocalIssuerError(.corruptState, "state file \(path) is not a valid JSON object; fix or remove it (nothing was overwritten)")
        }
    }

    private func write(_ document: JSONValue, to path: String) throws(LocalIssuerError) {
        do {
            try DurableFile.writeAtomically(document.serializedBytes, to: path)
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot write state file \(path) (errno \(error.code))")
        }
    }

    private func corrupt(_ part: Part, _ tenantID: String, _ what: String) -> LocalIssuerError {
        let path = self.path(part, tenantID: tenantID) ?? part.rawValue
        return LocalIssuerError(.corruptState, "state file \(path) is not valid (\(what)); fix or remove it (nothing was overwritten)")
    }
}
