import TokenGateHTTPClient

extension HTTPJWKSFetcher {
    /// A fetcher for loopback tests whose subject is not time: a 60 s deadline. The whole test
    /// process has been seen to stall for 20–30 s at start on two cores (every suite generating
    /// keys at once), which the default 5 s deadline does not survive; the tests of the deadline
    /// itself make their own fetchers.
    static let patient: HTTPJWKSFetcher = {
        var configuration = HTTPJWKSFetcher.Configuration()
        configuration.deadline = .seconds(60)
        return HTTPJWKSFetcher(configuration: configuration)
    }()
}

extension TokenManager.Configuration {
    /// Token requests for loopback tests whose subject is not time: a 60 s deadline (see
    /// ``HTTPJWKSFetcher/patient``).
    static var patient: TokenManager.Configuration {
        var configuration = TokenManager.Configuration()
        configuration.deadline = .seconds(60)
        return configuration
    }
}
