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
        for application in try self.items(.applications, RegisteredApplication.self, tenantID: tenantID) ?? [] {
            state.applications[application.clientID] = application
        }
        for user in try self.items(.users, LocalUser.self, tenantID: tenantID) ?? [] {
            state.users[user.id] = user
        }
        state.keys = try self.items(.keys, IssuerSigningKey.self, tenantID: tenantID) ?? []
        for stored in try self.items(.refreshTokens, StoredRefreshGrant.self, tenantID: tenantID) ?? [] {
            state.refreshGrants[stored.digest] = stored.grant
        }
        if let path = self.path(.config, tenantID: tenantID), let config = try self.read(TenantConfig.self, from: path) {
            guard config.version == 1 else { throw self.corrupt(path, "version") }
            state.redirectURIs = config.redirectURIs
            state.customIdentityKey = config.customIdentityKey
        }
        for stored in try self.items(.attributes, StoredUserAttributes.self, tenantID: tenantID) ?? [] {
            state.attributes[stored.userID] = stored.attributes.mapValues(\.value)
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
            let path = "\(folder)/\(part.rawValue)"
            switch part {
            case .applications:
                try self.write(StateFile(items: state.applications.values.sorted { $0.clientID < $1.clientID }), to: path)
            case .users:
                try self.write(StateFile(items: state.users.values.sorted { $0.id < $1.id }), to: path)
            case .keys:
                try self.write(StateFile(items: state.keys), to: path)
            case .refreshTokens:
                let items = state.refreshGrants.sorted { $0.key < $1.key }.map { StoredRefreshGrant(digest: $0.key, grant: $0.value) }
                try self.write(StateFile(items: items), to: path)
            case .config:
                try self.write(TenantConfig(redirectURIs: state.redirectURIs, customIdentityKey: state.customIdentityKey), to: path)
            case .attributes:
                let items = state.attributes.sorted { $0.key < $1.key }.map { StoredUserAttributes(userID: $0.key, attributes: $0.value) }
                try self.write(StateFile(items: items), to: path)
            }
        }
    }

    /// The stored digest of the admin token, if one was stored.
    func loadAdminDigest() throws(LocalIssuerError) -> [UInt8]? {
        guard let path = self.adminPath, let record = try self.read(AdminRecord.self, from: path) else { return nil }
        guard record.version == 1, let digest = Base64URL.decode(record.tokenDigest), digest.count == 32 else {
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
        try self.write(AdminRecord(tokenDigest: Base64URL.encode(digest)), to: path)
    }

    /// The records of a part, or `nil` when its file does not exist.
    private func items<Item: Codable>(_ part: Part, _ type: Item.Type, tenantID: String) throws(LocalIssuerError) -> [Item]? {
        guard let path = self.path(part, tenantID: tenantID), let file = try self.read(StateFile<Item>.self, from: path) else { return nil }
        guard file.version == StateFile<Item>.currentVersion else { throw self.corrupt(path, "version") }
        return file.items
    }

    /// Reads and decodes a state file, or `nil` when it does not exist.
    private func read<Document: Decodable>(_ type: Document.Type, from path: String) throws(LocalIssuerError) -> Document? {
        let bytes: [UInt8]?
        do {
            bytes = try DurableFile.read(path, maximumSize: Self.maximumFileSize)
        } catch {
            throw LocalIssuerError(.corruptState, "state file \(path) cannot be read (errno \(error.code)); nothing was overwritten")
        }
        guard let bytes else { return nil }
        do {
            return try JSONDocument.decode(Document.self, from: bytes)
        } catch {
            throw self.corrupt(path, error.description)
        }
    }

    private func write(_ document: some Encodable, to path: String) throws(LocalIssuerError) {
        let bytes: [UInt8]
        do {
            bytes = try JSONDocument.encode(document)
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot write state file \(path): a value is not representable as JSON")
        }
        do {
            try DurableFile.writeAtomically(bytes, to: path)
        } catch {
            throw LocalIssuerError(.storageFailed, "cannot write state file \(path) (errno \(error.code))")
        }
    }

    private func corrupt(_ path: String, _ what: String) -> LocalIssuerError {
        LocalIssuerError(.corruptState, "state file \(path) is not valid (\(what)); fix or remove it (nothing was overwritten)")
    }
}
