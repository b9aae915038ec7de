// swift-tools-version:6.2
import PackageDescription

// Measurements only: nothing here is a product of the main package. jwt-kit is the peer we
// compare against, never a dependency of the library.
let package = Package(
    name: "benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-token-gate", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "TokenGate", package: "swift-token-gate"),
                .product(name: "TokenGateTesting", package: "swift-token-gate"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "ratios",
            dependencies: ["BenchmarkFixtures"]
        ),
        .executableTarget(
            name: "profile",
            dependencies: ["BenchmarkFixtures"]
        ),
        .executableTarget(
            name: "Verify",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Verify",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
