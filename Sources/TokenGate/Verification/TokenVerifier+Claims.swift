extension TokenVerifier {
    func checkIssuerAndExpiry(_ claims: RegisteredClaims, now: NumericDate) throws(TokenGateError) {
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

    func checkClaims(_ claims: RegisteredClaims, headerType: String?, now: NumericDate) throws(TokenGateError) {
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
    /// equivalents for equal: the match found by hashing is checked by bytes).
    private func accepts(audience: String) -> Bool {
        guard let accepted = self.configuration.audience.audiences else { return true }
        guard let index = accepted.firstIndex(of: audience) else { return false }
        return accepted[index].hasSameUTF8(as: audience)
    }

    private static func requireStringIfPresent(_ value: JSONValue?, _ detail: StaticString) throws(TokenGateError) {
        guard let value, value.stringValue == nil else { return }
        throw TokenGateError(.malformedClaims, detail: "\(detail)")
    }
}
