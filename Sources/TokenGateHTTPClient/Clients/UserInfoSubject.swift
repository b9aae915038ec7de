/// The member of an OpenID Connect UserInfo answer the cross-check needs: `sub`, a string.
struct UserInfoSubject: Decodable {
    let sub: String
}
