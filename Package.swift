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
        // The scheduler calls glibc declares only under _GNU_SOURCE (SSELintCore's CoreSpread).
        .target(name: "CSSELintSystem"),
        .target(name: "SSELintCore", dependencies: ["CSSELintSystem"]),
        .target(name: "SSELintNginx", dependencies: ["SSELintCore"]),
        .target(name: "SSELintShell", dependencies: ["SSELintCore"]),
        .target(name: "SSELintSource", dependencies: ["SSELintCore"]),
        .target(name: "SSELintLaunch", dependencies: ["SSELintCore", "SSELintShell", "SSELintSource", .product(name: "Yams", package: "Yams")]),
        .target(name: "SSELintLogs", dependencies: ["SSELintCore"]),
        .target(name: "SSELintProxy", dependencies: ["SSELintCore"]),
        .target(name: "SSELintRules", dependencies: ["SSELintCore", "SSELintNginx", "SSELintLaunch", "SSELintSource", "SSELintLogs", "SSELintProxy"]),
        .target(name: "SSELintProbe", dependencies: ["SSELintCore", "SSELintLogs", .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .target(name: "SSELintReporters", dependencies: ["SSELintCore"]),
        .target(name: "SSELint", dependencies: [
            "SSELintCore", "SSELintNginx", "SSELintLaunch", "SSELintSource", "SSELintLogs", "SSELintProxy", "SSELintRules", "SSELintReporters",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "SSELintGenerator", dependencies: ["SSELintCore", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "sselint", dependencies: [
            "SSELint", "SSELintCore", "SSELintNginx", "SSELintRules", "SSELintReporters", "SSELintProbe", "SSELintLogs",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        // A position-dependent executable: the loader has no relocations to apply at start (a third of an empty run's
        // 11 ms; bench/README.md). No exported symbols: the static stdlib's link arguments export all 24,000 of the
        // program's own, which the runtime's dladdr at start scanned one by one (1.0M instructions, 1.3 MiB resident).
        linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]),
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
