/// What a verifier requires of a token's `aud` claim.
///
/// ```swift
/// let requirement: AudienceRequirement = .oneOf(["my-client-id"])
/// ```
public struct AudienceRequirement: Sendable, Hashable {
    private enum Backing: Hashable, Sendable {
        case oneOf(Set<String>)
        case unchecked
    }

    private let backing: Backing

    /// `aud` must contain at least one of `audiences` (for App ID: the application's client ID).
    /// An empty list accepts no token.
    public static func oneOf(_ audiences: some Sequence<String>) -> AudienceRequirement {
        AudienceRequirement(backing: .oneOf(Set(audiences)))
    }

    /// `aud` is not checked (its type still is). Only for issuers whose tokens carry no
    /// audience; any application of the issuer can then use its tokens here.
    public static let unchecked = AudienceRequirement(backing: .unchecked)

    /// The accepted audiences, or `nil` when unchecked.
    public var audiences: Set<String>? {
        if case .oneOf(let audiences) = self.backing { return audiences }
        return nil
    }
}
