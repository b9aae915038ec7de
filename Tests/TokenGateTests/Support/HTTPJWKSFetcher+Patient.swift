import TokenGateHTTPClient

extension HTTPJWKSFetcher {
    /// A fetcher for loopback tests whose subject is not time: a 60 s deadline. The whole test
    /// process has been seen to stall for 20–30 s at start on two cores (every suite generating
    /// keys at once), which the default 5 s deadline does not survive; the tests of the deadline
    /// itself make their own fetchers.
    static let patient: HTTPJWKSFetcher = {
        var configuration = HTTPJWKSFetcher.Configuration()
        configuration.deadline = .patient
        return HTTPJWKSFetcher(configuration: configuration)
    }()
}

extension Duration {
    /// The deadline of loopback calls in tests whose subject is not time (see
    /// ``HTTPJWKSFetcher/patient``): management, profile and browser calls.
    static let patient: Duration = .seconds(60)
}

extension TokenManager.Configuration {
    /// Token requests for loopback tests whose subject is not time: a 60 s deadline (see
    /// ``HTTPJWKSFetcher/patient``).
    static var patient: TokenManager.Configuration {
        var configuration = TokenManager.Configuration()
        configuration.deadline = .patient
        return configuration
    }
}
