// swift-tools-version:6.2
import PackageDescription

// Runnable examples. `swift run --package-path Examples token-demo`
let package = Package(
    name: "examples",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "swift-token-gate", path: "..")],
    targets: [
        .executableTarget(
            name: "token-demo",
            dependencies: [
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateTesting", package: "swift-token-gate"),
            ]
        )
    ]
)
