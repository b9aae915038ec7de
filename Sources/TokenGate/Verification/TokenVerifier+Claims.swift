extension TokenVerifier {
    /// Whether the token's unverified `iss` and `exp` pass (used before spending a key refresh
    /// on a token whose signature failed).
    package func passesCheapChecks(_ token: String, now: NumericDate) -> Bool {
        guard token.utf8.count <= self.configuration.maximumTokenLength else { return false }
        let parts = token.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        let payload = Array(parts[1])
        return payload.withUnsafeBytes { bytes in
            (try? self.readRegisteredClaims(bytes) { claims throws(TokenGateError) in try self.checkIssuerAndExpiry(claims, now: now) }) != nil
        }
    }

    func checkIssuerAndExpiry(_ claims: borrowing RegisteredClaims, now: NumericDate) throws(TokenGateError) {
        switch claims.issuer {
        case nil: throw TokenGateError(.missingClaim, detail: "iss")
        case .string(let issuer)?:
            guard issuer.hasSameUTF8(as: self.configuration.issuer) else { throw TokenGateError(.invalidIssuer) }
        default: throw TokenGateError(.malformedClaims, detail: "iss not a string")
        }
        guard let expiry = claims.expiry else { throw TokenGateError(.missingClaim, detail: "exp") }
        guard let expiresAt = NumericDate(claim: expiry) else {
            throw TokenGateError(.malformedClaims, detail: "exp not a NumericDate")
        }
        guard now.secondsSinceEpoch < expiresAt.secondsSinceEpoch + self.leeway else { throw TokenGateError(.expired) }
    }

    func checkClaims(_ claims: borrowing RegisteredClaims, headerType: String?, now: NumericDate) throws(TokenGateError) {
        try self.checkIssuerAndExpiry(claims, now: now)
        if let notBefore = claims.notBefore {
            guard let date = NumericDate(claim: notBefore) else { throw TokenGateError(.malformedClaims, detail: "nbf not a NumericDate") }
            guard date.secondsSinceEpoch <= now.secondsSinceEpoch + self.leeway else { throw TokenGateError(.notYetValid) }
        }
        if let issuedAt = claims.issuedAt {
            guard let date = NumericDate(claim: issuedAt) else { throw TokenGateError(.malformedClaims, detail: "iat not a NumericDate") }
            guard date.secondsSinceEpoch <= now.secondsSinceEpoch + self.leeway else { throw TokenGateError(.issuedInFuture) }
        }
        try self.checkAudience(claims.audience)
        if let tenant = self.configuration.tenant {
            switch claims.tenant {
            case nil: throw TokenGateError(.missingClaim, detail: "tenant")
            case .string(let value)?: guard value.hasSameUTF8(as: tenant) else { throw TokenGateError(.invalidTenant) }
            default: throw TokenGateError(.malformedClaims, detail: "tenant not a string")
            }
        } else if let tenant = claims.tenant, tenant.stringValue == nil {
            throw TokenGateError(.malformedClaims, detail: "tenant not a string")
        }
        try Self.requireStringIfPresent(claims.subject, "sub not a string")
        try Self.requireStringIfPresent(claims.scope, "scope not a string")
        try Self.requireStringIfPresent(claims.jwtID, "jti not a string")
        if let allowed = self.normalizedTypes {
            guard let type = headerType, allowed.contains(Self.normalizeType(type)) else {
                throw TokenGateError(.disallowedType)
            }
        }
    }

    private func checkAudience(_ audience: JSONValue?) throws(TokenGateError) {
        let accepted = self.configuration.audience.audiences
        switch audience {
        case nil:
            if accepted != nil { throw TokenGateError(.missingClaim, detail: "aud") }
        case .string(let value)?:
            if accepted != nil, !self.accepts(audience: value) { throw TokenGateError(.invalidAudience) }
        case .array(let values)?:
            var matched = accepted == nil
            for value in values {
                guard case .string(let text) = value else { throw TokenGateError(.malformedClaims, detail: "aud not strings") }
                if !matched, self.accepts(audience: text) { matched = true }
            }
            guard matched else { throw TokenGateError(.invalidAudience) }
        default:
            throw TokenGateError(.malformedClaims, detail: "aud not a string or array")
        }
    }

    /// Whether `audience` is accepted, byte for byte (`String`'s `==` and hashing take canonical
    /// equivalents for equal): a short list is scanned, a long one is hashed and the match
    /// checked by bytes.
    @inline(__always)
    private func accepts(audience: String) -> Bool {
        if let list = self.audienceList { return list.contains { $0.hasSameUTF8(as: audience) } }
        guard let accepted = self.configuration.audience.audiences else { return true }
        guard let index = accepted.firstIndex(of: audience) else { return false }
        return accepted[index].hasSameUTF8(as: audience)
    }

    private static func requireStringIfPresent(_ kind: JSONParser.ValueKind?, _ detail: StaticString) throws(TokenGateError) {
        guard let kind, kind != .string else { return }
        throw TokenGateError(.malformedClaims, detail: "\(detail)")
    }
}
