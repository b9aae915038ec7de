// swift-tools-version:6.2
import PackageDescription

// Runnable examples:
//   swift run --package-path Examples protected-api         Hummingbird, /api/protected behind APIStrategy
//   swift run --package-path Examples vapor-protected-api   the same with Vapor
//   swift run --package-path Examples web-app               a browser login (authorization code + PKCE)
//   swift run --package-path Examples token-demo            the verifier alone, no server
// With no issuer configured, the two servers start the embedded local App ID-compatible issuer
// and print the commands to get a token and call the API.
let package = Package(
    name: "examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-token-gate", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        .target(
            name: "ExampleSupport",
            dependencies: [
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateHTTPClient", package: "swift-token-gate"),
                .product(name: "TokenGateLocalIssuer", package: "swift-token-gate"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "protected-api",
            dependencies: [
                "ExampleSupport",
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateHummingbird", package: "swift-token-gate"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "vapor-protected-api",
            dependencies: [
                "ExampleSupport",
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateVapor", package: "swift-token-gate"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .executableTarget(
            name: "web-app",
            dependencies: [
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateHTTPClient", package: "swift-token-gate"),
                .product(name: "TokenGateHummingbird", package: "swift-token-gate"),
                .product(name: "TokenGateLocalIssuer", package: "swift-token-gate"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ]
        ),
        .executableTarget(
            name: "token-demo",
            dependencies: [
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateTesting", package: "swift-token-gate"),
            ]
        ),
    ]
)
