/// `ixp_build_info{version, swift_version, os}`, as Prometheus' own `*_build_info` gauges.
public enum AgentBuildInfo {
    /// The agent's version.
    public static let version = "0.1.0"

    /// The Swift compiler that built the agent (major.minor).
    public static var swiftVersion: String {
        #if compiler(>=6.4)
        "6.4+"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// The operating system it was built for.
    public static var os: String {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "darwin"
        #else
        "other"
        #endif
    }

    /// The `ixp_build_info` gauge.
    public static var family: MetricFamily {
        MetricFamily(name: "ixp_build_info", help: "Always 1; the labels say which ixp-health is running.", kind: .gauge,
                     samples: [MetricSample(labels: [("version", version), ("swift_version", swiftVersion), ("os", os)],
                                            value: 1)])
    }
}
