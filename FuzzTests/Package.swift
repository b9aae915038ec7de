// swift-tools-version:6.2
import PackageDescription

// libFuzzer target over the token parser, the verifier, JWKS parsing, the Authorization header
// parser, App ID credentials and the web login's session values.
// Build and run: FuzzTests/run.sh [seconds]
let package = Package(
    name: "fuzz-tests",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-token-gate", path: "..")],
    targets: [
        .executableTarget(
            name: "TokenFuzzer",
            dependencies: [
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateTesting", package: "swift-token-gate"),
            ]
        )
    ]
)
