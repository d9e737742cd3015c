// swift-tools-version:6.0
import PackageDescription

// Module graph, as declared below (A → B: A depends on B). SSELintCore has no dependencies and is under everything.
//   sselint            → SSELint, SSELintNginx, SSELintRules, SSELintReporters, SSELintProbe, SSELintLogs, SSELintCore
//   SSELint            → SSELintRules, SSELintReporters, SSELintLaunch, SSELintNginx, SSELintSource, SSELintLogs,
//                        SSELintCore
//   SSELintRules       → SSELintNginx, SSELintLaunch, SSELintSource, SSELintLogs, SSELintCore
//   SSELintLaunch      → SSELintShell, SSELintSource, SSELintCore
//   SSELintNginx, SSELintShell, SSELintSource, SSELintLogs, SSELintProbe, SSELintReporters → SSELintCore
//   sselint-dev        → SSELintGenerator → SSELintCore
//   sselint-fuzz       → SSELintFuzzTargets → SSELint, SSELintRules, SSELintNginx, SSELintLaunch, SSELintShell,
//                        SSELintSource
//   SSELintTestSupport → SSELintCore; the test targets (last) depend on what they test, most on SSELintTestSupport.
// Outside packages: Yams (SSELintLaunch, SSELint, SSELintGenerator), AsyncHTTPClient (SSELintProbe),
// ArgumentParser (sselint).
// Generic types' metadata reached through accessors, not by mangled name: a name is demangled at run time, and every
// `Hashable` or `Equatable` requirement in it is looked up among all the binary's conformances (ten thousand records,
// read again for each new type): a tenth of a small config's run (bench/README.md).
let directMetadata: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])]

let package = Package(
    name: "sselint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sselint", targets: ["sselint"]),
        .library(name: "SSELint", targets: ["SSELint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // `sselint probe`: a real HTTP client with streaming bodies, HTTP/2 and TLS.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "SSELintCore", swiftSettings: directMetadata),
        .target(name: "SSELintNginx", dependencies: ["SSELintCore"], swiftSettings: directMetadata),
        .target(name: "SSELintShell", dependencies: ["SSELintCore"], swiftSettings: directMetadata),
        .target(name: "SSELintSource", dependencies: ["SSELintCore"], swiftSettings: directMetadata),
        .target(name: "SSELintLaunch", dependencies: ["SSELintCore", "SSELintShell", "SSELintSource", .product(name: "Yams", package: "Yams")], swiftSettings: directMetadata),
        .target(name: "SSELintLogs", dependencies: ["SSELintCore"], swiftSettings: directMetadata),
        .target(name: "SSELintProxy", dependencies: ["SSELintCore"], swiftSettings: directMetadata),
        .target(name: "SSELintRules", dependencies: ["SSELintCore", "SSELintNginx", "SSELintLaunch", "SSELintSource", "SSELintLogs", "SSELintProxy"], swiftSettings: directMetadata),
        .target(name: "SSELintProbe", dependencies: ["SSELintCore", "SSELintLogs", .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: directMetadata),
        .target(name: "SSELintReporters", dependencies: ["SSELintCore"], swiftSettings: directMetadata),
        .target(name: "SSELint", dependencies: [
            "SSELintCore", "SSELintNginx", "SSELintLaunch", "SSELintSource", "SSELintLogs", "SSELintProxy", "SSELintRules", "SSELintReporters",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: directMetadata),
        .target(name: "SSELintGenerator", dependencies: ["SSELintCore", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "sselint", dependencies: [
            "SSELint", "SSELintCore", "SSELintNginx", "SSELintRules", "SSELintReporters", "SSELintProbe", "SSELintLogs",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: directMetadata,
        // A position-dependent executable: the loader has no relocations to apply at start (a third of an empty run's
        // 11 ms; bench/README.md).
        linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie"], .when(platforms: [.linux]))]),
        .executableTarget(name: "sselint-dev", dependencies: ["SSELintGenerator"]),
        // Fuzz entry points (fuzz/run.sh builds this with -sanitize=fuzzer); built normally it replays inputs.
        .target(name: "SSELintFuzzTargets", dependencies: ["SSELint", "SSELintRules", "SSELintNginx", "SSELintLaunch", "SSELintShell", "SSELintSource", "SSELintProxy"]),
        .executableTarget(name: "sselint-fuzz", dependencies: ["SSELintFuzzTargets"]),
        .target(name: "SSELintTestSupport", dependencies: ["SSELintCore"], path: "Tests/SSELintTestSupport"),
        .testTarget(name: "SSELintNginxTests", dependencies: ["SSELintNginx", "SSELint", "SSELintTestSupport"]),
        .testTarget(name: "SSELintShellTests", dependencies: ["SSELintShell"]),
        .testTarget(name: "SSELintSourceTests", dependencies: ["SSELintSource", "SSELintTestSupport"]),
        .testTarget(name: "SSELintLaunchTests", dependencies: ["SSELintLaunch", "SSELint", "SSELintTestSupport"]),
        .testTarget(name: "SSELintRulesTests", dependencies: ["SSELint", "SSELintRules", "SSELintGenerator", "SSELintTestSupport"]),
        .testTarget(name: "SSELintTests", dependencies: ["SSELint", "SSELintRules", "sselint", "SSELintFuzzTargets", "SSELintTestSupport",
                                                        .product(name: "Yams", package: "Yams")],
                    exclude: ["FuzzRegressions"]),
    ],
    swiftLanguageModes: [.v6]
)
