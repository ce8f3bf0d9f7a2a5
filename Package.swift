// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "ixp-health",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ixp-health", targets: ["ixp-health"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"6.0.0"),
    ],
    targets: [
        // System-library shims: a modulemap and one header each.
        .systemLibrary(
            name: "CNetSNMP",
            pkgConfig: "netsnmp",
            providers: [.apt(["libsnmp-dev"])]
        ),
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),

        // The agent-wide vocabulary every module shares: configuration nodes and their errors,
        // metric families and the registry, severity, the UTC calendar, markup escaping, secrets,
        // the seeded RNG, the periodic service, and the store series schema.
        .target(
            name: "IXPCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "SNMPClient",
            dependencies: [
                "CNetSNMP",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // An SNMP agent in memory (`FakeSNMPAgent`) for the SNMP probes' unit tests.
        .target(name: "SNMPClientTesting", dependencies: ["SNMPClient"]),
        .target(name: "PacketCapture", dependencies: ["CPcap"]),
        .target(name: "TimeSeries", dependencies: ["IXPCore"]),
        // The state database (state.sqlite): opened once by the agent; modules register migrations.
        .target(name: "StateDatabase", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "Members",
            dependencies: [
                "IXPCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The probe seam: `Probe`, `ProbeKind` and its registry, metric families, the scheduler.
        .target(
            name: "ProbeKit",
            dependencies: [
                "IXPCore", "TimeSeries",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Helpers for the tests of probes and of what runs them: MockProbe, the parsing of a
        // configuration through probe kinds and the configuration-error expectation.
        .target(name: "ProbeKitTesting", dependencies: ["IXPCore", "ProbeKit"]),
        // One target per probe family.
        .target(
            name: "InterfaceProbe",
            dependencies: [
                "IXPCore", "ProbeKit", "SNMPClient", "SNMPTableProbe", "TimeSeries",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "PeeringLAN",
            dependencies: [
                "IXPCore", "ProbeKit", "PacketCapture", "Members", "TimeSeries",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "ExecProbe", dependencies: ["IXPCore", "ProbeKit", "TimeSeries", .product(name: "Yams", package: "Yams")]),
        // Declarative SNMP probes (Probes/*.yaml): the definition format and the table poller.
        .target(
            name: "SNMPTableProbe",
            dependencies: ["IXPCore", "ProbeKit", "SNMPClient", "TimeSeries", .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "BIRDProbe",
            dependencies: ["IXPCore", "ProbeKit", "Members", "TimeSeries", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        // Member pings: ICMP and ICMPv6 echo to every member router on the peering LAN.
        .target(name: "PingProbe", dependencies: ["IXPCore", "ProbeKit", "Members", "TimeSeries", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "SFlowProbe",
            dependencies: ["IXPCore", "ProbeKit", "PacketCapture", "Members", "TimeSeries", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        // The system zlib, for gzip-compressed scrapes.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Exposition", dependencies: ["IXPCore", "CZlib"]),
        .target(
            name: "Detection",
            dependencies: ["IXPCore", "TimeSeries", "Members", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Every word a person reads and the report's renderers: the wording tables of the report,
        // the mail and the dashboard (en, fr), the value formatter, the report as HTML, text and JSON.
        .target(name: "Presentation", dependencies: ["IXPCore", "Detection", "Members"]),
        // Synthetic two-year exchange histories for backtests, benchmarks and the lab.
        .target(name: "SyntheticExchange", dependencies: ["IXPCore", "TimeSeries", "Members"]),
        // Replays of synthetic exchanges through the detector, and the family backtests with their scores.
        .target(name: "DetectionBacktest", dependencies: ["IXPCore", "Detection", "Members", "SyntheticExchange", "TimeSeries"]),
        .executableTarget(
            name: "synth-history",
            dependencies: ["SyntheticExchange", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Alert mail: routing, grouping, rendering, the durable outbox and an SMTP client.
        .target(
            name: "Alerting",
            dependencies: [
                "IXPCore", "Detection", "Presentation", "CZlib", .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The built-in dashboard: read models, server-drawn SVG charts, mustache pages and their JSON twins.
        .target(
            name: "Dashboard",
            dependencies: [
                "IXPCore", "Detection", "Presentation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The read models over the running agent's store, detector state, captures and outbox:
        // the dashboard's data source and the alert mails' charts.
        .target(
            name: "ReadModels",
            dependencies: [
                "IXPCore", "Dashboard", "Detection", "Presentation", "Alerting", "Members", "PacketCapture", "PeeringLAN", "ProbeKit", "TimeSeries",
            ]
        ),
        // The health report without a running agent: from a history file, a Prometheus or a
        // stopped agent's state directory (`report --history`, `--prometheus`, `--config`).
        .target(
            name: "ReportSources",
            dependencies: [
                "IXPCore", "Detection", "Members", "StateDatabase", "TimeSeries", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The HTTP listener: its configuration (`http:`), TLS, authentication, rate and body
        // limits (the guard in front of the router), and the JSON and paging helpers of its routes.
        .target(
            name: "HTTPListener",
            dependencies: [
                "IXPCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Agent",
            dependencies: [
                "IXPCore", "HTTPListener", "ReadModels", "ReportSources", "Dashboard", "TimeSeries", "ProbeKit", "InterfaceProbe", "PeeringLAN", "ExecProbe", "BIRDProbe", "PingProbe", "SFlowProbe", "Exposition", "Detection", "Presentation", "Alerting",
                "Members", "StateDatabase", "PacketCapture", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "ixp-health",
            dependencies: [
                "IXPCore", "Agent", "HTTPListener", "ReportSources", "Detection", "Presentation", "InterfaceProbe", "PeeringLAN", "SNMPClient", "PacketCapture", "Members", "TimeSeries", "ProbeKit",
                "StateDatabase", "Alerting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        .testTarget(name: "SNMPClientTests", dependencies: ["SNMPClient", "ProcessTestSupport"]),
        // Frame builders and fixture paths shared by the capture tests.
        .target(name: "CaptureTestSupport", path: "Tests/CaptureTestSupport"),
        // Subprocesses, free ports and the aiosmtpd test server shared by the mail and integration tests.
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport"),
        // A clock that moves only when a test says so, for timed services and the probe scheduler.
        .target(name: "ClockTestSupport", path: "Tests/ClockTestSupport"),
        .testTarget(name: "PacketCaptureTests", dependencies: ["PacketCapture", "CaptureTestSupport"]),
        .executableTarget(name: "TimeSeriesBenchmark", dependencies: ["TimeSeries"], path: "Benchmarks/timeseries/Sources"),
        .executableTarget(
            name: "DetectionBenchmark", dependencies: ["Detection", "Presentation", "SyntheticExchange", "TimeSeries", "Members"],
            path: "Benchmarks/detection/Sources"
        ),
        .executableTarget(name: "BacktestFamilies", dependencies: ["Detection", "DetectionBacktest"], path: "Benchmarks/detection/Backtest"),
        .executableTarget(
            name: "DashboardBenchmark", dependencies: ["Agent", "Dashboard", "Detection", "SyntheticExchange", "TimeSeries", "Members"],
            path: "Benchmarks/dashboard/Sources"
        ),
        .testTarget(name: "TimeSeriesTests", dependencies: ["TimeSeries"], exclude: ["Fixtures"]),
        .testTarget(name: "MembersTests", dependencies: ["IXPCore", "Members", "StateDatabase", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "StateDatabaseTests", dependencies: ["StateDatabase", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "AlertingTests",
            dependencies: ["IXPCore", "Alerting", "Detection", "ProcessTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "IXPCoreTests",
            dependencies: [
                "IXPCore", "Exposition", "ClockTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ProbeKitTests",
            dependencies: [
                "IXPCore", "ProbeKit", "ProbeKitTesting", "ClockTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "InterfaceProbeTests", dependencies: ["IXPCore", "InterfaceProbe", "ProbeKit", "SNMPClient", "SNMPClientTesting", "TimeSeries"]
        ),
        .testTarget(
            name: "PeeringLANTests",
            dependencies: ["IXPCore", "PeeringLAN", "ProbeKit", "PacketCapture", "Members", "TimeSeries", "CaptureTestSupport"]
        ),
        .testTarget(
            name: "SNMPTableProbeTests", dependencies: ["IXPCore", "SNMPTableProbe", "ProbeKit", "SNMPClient", "SNMPClientTesting", "TimeSeries"]
        ),
        .testTarget(name: "ExecProbeTests", dependencies: ["IXPCore", "ExecProbe", "ProbeKit", "ProbeKitTesting", "TimeSeries", "Exposition", "ProcessTestSupport"]),
        .testTarget(name: "BIRDProbeTests", dependencies: ["IXPCore", "BIRDProbe", "ProbeKit", "ProbeKitTesting", "Members", "TimeSeries", "ProcessTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PingProbeTests", dependencies: ["IXPCore", "PingProbe", "ProbeKit", "ProbeKitTesting", "Members", "TimeSeries"]),
        .testTarget(
            name: "SFlowProbeTests", dependencies: ["IXPCore", "SFlowProbe", "ProbeKit", "PacketCapture", "Members", "TimeSeries", "CaptureTestSupport", "ProcessTestSupport"],
            exclude: ["Lab"]
        ),
        .testTarget(name: "ExpositionTests", dependencies: ["IXPCore", "Exposition"], resources: [.copy("Golden")]),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "HTTPListener", "ReadModels",
                "IXPCore", "Agent", "ProbeKit", "InterfaceProbe", "PeeringLAN", "SNMPClient", "Alerting", "Detection", "Presentation", "PacketCapture",
                "Exposition", "StateDatabase", "TimeSeries", "Members", "SNMPTableProbe", "Dashboard", "CaptureTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "PresentationTests", dependencies: ["IXPCore", "Detection", "Members", "Presentation"]),
        .testTarget(name: "DetectionTests", dependencies: ["IXPCore", "Detection", "DetectionBacktest", "TimeSeries", "Members", "SyntheticExchange", "StateDatabase", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["StatisticsReference.py"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "IXPCore", "Dashboard", "Detection", "Presentation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SyntheticExchangeTests", dependencies: ["IXPCore", "SyntheticExchange", "TimeSeries", "Members"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "IXPCore", "Agent", "SNMPClient", "InterfaceProbe", "SNMPTableProbe", "ProbeKit", "TimeSeries", "CaptureTestSupport",
                "SyntheticExchange", "ProcessTestSupport",
            ],
            exclude: ["FakeAgent"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Upcoming language features, on for every Swift target (as hummingbird does): explicit imports
// for the members a file uses, internal imports unless marked `public import`, `any` for
// existentials.
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}

// Every module folder under Sources/ has a README.md for people; it is not part of the target.
for target in package.targets where target.type == .regular || target.type == .executable {
    let folder = target.path ?? "Sources/\(target.name)"
    if FileManager.default.fileExists(atPath: "\(Context.packageDirectory)/\(folder)/README.md") {
        target.exclude.append("README.md")
    }
}
