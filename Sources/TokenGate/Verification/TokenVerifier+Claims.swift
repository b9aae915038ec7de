extension TokenVerifier {
    func checkIssuerAndExpiry(_ claims: RegisteredClaims, now: NumericDate) throws(TokenGateError) {
        switch claims.issuer {
        case nil: throw TokenGateError(.missingClaim, detail: "iss")
        case .string(let issuer)?:
            try self.checkIssuer(issuer, tenantID: claims.tenantID)
        default: throw TokenGateError(.malformedClaims, detail: "iss not a string")
        }
        guard let expiry = claims.expiry else { throw TokenGateError(.missingClaim, detail: "exp") }
        guard let expiresAt = NumericDate(claim: expiry) else {
            throw TokenGateError(.malformedClaims, detail: "exp not a NumericDate")
        }
        guard now.secondsSinceEpoch < expiresAt.secondsSinceEpoch + self.leeway else { throw TokenGateError(.expired) }
    }

    func checkClaims(_ token: JWTClaims, headerType: String?, now: NumericDate) throws(TokenGateError) {
        let claims = RegisteredClaims(token.memberList)
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
        try Self.requireStringIfPresent(claims.jwtID, "jti not a string")
        if self.configuration.requiresWellFormedScopes {
            for name in self.configuration.scopeClaims {
                switch token[name] {
                case nil, .string?: continue
                case .array(let values)? where values.allSatisfy({ $0.stringValue != nil }): continue
                default: throw TokenGateError(.malformedClaims, detail: "scope claim not a string or an array of strings")
                }
            }
        }
        try self.checkAuthorizedParty(token)
        if let maximumAge = self.configuration.maximumAge {
            guard let issuedAt = claims.issuedAt else { throw TokenGateError(.missingClaim, detail: "iat") }
            guard let date = NumericDate(claim: issuedAt) else { throw TokenGateError(.malformedClaims, detail: "iat not a NumericDate") }
            guard now.secondsSinceEpoch - date.secondsSinceEpoch <= maximumAge.seconds + self.leeway else { throw TokenGateError(.tooOld) }
        }
        for (path, expected) in self.configuration.requiredClaims {
            guard let value = token.value(at: path) else { throw TokenGateError(.missingClaim, detail: "required claim") }
            guard expected.isEmpty || Self.matches(value, anyOf: expected) else { throw TokenGateError(.claimMismatch) }
        }
        if let allowed = self.normalizedTypes {
            guard let type = headerType, allowed.contains(Self.normalizeType(type)) else {
                throw TokenGateError(.disallowedType)
            }
        }
    }

    /// Checks `iss` against the configured issuer, its other spellings, or its tenant template.
    func checkIssuer(_ issuer: String, tenantID: JSONValue?) throws(TokenGateError) {
        if let tenants = self.configuration.issuerTenants {
            guard case .string(let tenant)? = tenantID else { throw TokenGateError(.missingClaim, detail: "tid") }
            guard tenants.accepts(tenant) else { throw TokenGateError(.invalidTenant) }
            let expected = self.configuration.issuer.replacing(IssuerTenants.placeholder, with: tenant)
            guard issuer.hasSameUTF8(as: expected) else { throw TokenGateError(.invalidIssuer) }
            return
        }
        guard
            issuer.hasSameUTF8(as: self.configuration.issuer) || self.configuration.additionalIssuers.contains(where: { $0.hasSameUTF8(as: issuer) })
        else { throw TokenGateError(.invalidIssuer) }
    }

    /// Checks a key's own issuer (``VerificationKey/issuer``): the token's `iss` must be it,
    /// with `{tenantid}` filled by the token's `tid`. Entra: "Applications using the v2.0
    /// tenant-independent metadata need to validate the signing key issuer."
    func checkKeyIssuer(_ keyIssuer: String, claims: JWTClaims) throws(TokenGateError) {
        var expected = keyIssuer
        if keyIssuer.contains(IssuerTenants.placeholder) {
            guard case .string(let tenant)? = claims["tid"], IssuerTenants.any.accepts(tenant) else {
                throw TokenGateError(.invalidIssuer, detail: "the key's issuer needs a tenant")
            }
            expected = keyIssuer.replacing(IssuerTenants.placeholder, with: tenant)
        }
        guard let issuer = claims.issuer, issuer.hasSameUTF8(as: expected) else {
            throw TokenGateError(.invalidIssuer, detail: "not the key's issuer")
        }
    }

    private func checkAuthorizedParty(_ token: JWTClaims) throws(TokenGateError) {
        guard let parties = self.configuration.authorizedParties else { return }
        switch token["azp"] {
        case nil:
            break
        case .string(let party)?:
            guard parties.contains(where: { $0.hasSameUTF8(as: party) }) else { throw TokenGateError(.invalidAuthorizedParty) }
        default:
            throw TokenGateError(.malformedClaims, detail: "azp not a string")
        }
    }

    /// Whether `value` (or, for an array, one of its elements) equals one of `expected`, strings
    /// by their exact bytes.
    private static func matches(_ value: JSONValue, anyOf expected: [JSONValue]) -> Bool {
        func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
            if case .string(let left) = left, case .string(let right) = right { return left.hasSameUTF8(as: right) }
            return left == right
        }
        if expected.contains(where: { same(value, $0) }) { return true }
        if case .array(let elements) = value {
            return elements.contains { element in expected.contains { same(element, $0) } }
        }
        return false
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
