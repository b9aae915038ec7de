// swift-tools-version:6.2
import PackageDescription

import class Foundation.ProcessInfo

// `.ci/run` sets TOKENGATE_STRICT=1 so that warnings in this package's own targets fail the
// build; consumers never see the flag.
let strict = ProcessInfo.processInfo.environment["TOKENGATE_STRICT"] == "1"

let package = Package(
    name: "swift-token-gate",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TokenGate", targets: ["TokenGate"]),
        .library(name: "TokenGateHTTPClient", targets: ["TokenGateHTTPClient"]),
        .library(name: "TokenGateTesting", targets: ["TokenGateTesting"]),
        .library(name: "TokenGateHummingbird", targets: ["TokenGateHummingbird"]),
        .library(name: "TokenGateVapor", targets: ["TokenGateVapor"]),
        .library(name: "TokenGateLocalIssuer", targets: ["TokenGateLocalIssuer"]),
        .executable(name: "appid-dev-server", targets: ["AppIDDevServer"]),
    ],
    // One trait per framework; both on by default so `swift test` covers everything, while a
    // consumer who turns one off never resolves that framework.
    traits: [
        .trait(name: "Hummingbird", description: "The Hummingbird 2 adapter and the local issuer."),
        .trait(name: "Vapor", description: "The Vapor 4 adapter."),
        .default(enabledTraits: ["Hummingbird", "Vapor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "TokenGate",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "TokenGateHummingbird",
            dependencies: [
                "TokenGate",
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth", condition: .when(traits: ["Hummingbird"])),
            ]
        ),
        .target(
            name: "TokenGateVapor",
            dependencies: [
                "TokenGate",
                .product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"])),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "TokenGateLocalIssuer",
            dependencies: [
                "TokenGate",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(name: "Mustache", package: "swift-mustache", condition: .when(traits: ["Hummingbird"])),
            ]
        ),
        .executableTarget(
            name: "AppIDDevServer",
            dependencies: [
                "TokenGate",
                "TokenGateLocalIssuer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TokenGateHTTPClient",
            dependencies: [
                "TokenGate",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TokenGateTesting",
            dependencies: [
                "TokenGate",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "TokenGateTests",
            dependencies: [
                "TokenGate",
                "TokenGateTesting",
                "TokenGateHTTPClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .target(name: "TokenGateHummingbird", condition: .when(traits: ["Hummingbird"])),
                .target(name: "TokenGateLocalIssuer", condition: .when(traits: ["Hummingbird"])),
                .target(name: "TokenGateVapor", condition: .when(traits: ["Vapor"])),
                .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth", condition: .when(traits: ["Hummingbird"])),
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["Hummingbird"])),
                .product(name: "Vapor", package: "vapor", condition: .when(traits: ["Vapor"])),
                .product(name: "VaporTesting", package: "vapor", condition: .when(traits: ["Vapor"])),
            ],
            resources: [.copy("Resources")]
        ),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    ])
    if strict {
        settings.append(.unsafeFlags(["-warnings-as-errors"]))
    }
    target.swiftSettings = settings
}
