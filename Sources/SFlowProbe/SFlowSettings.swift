import Foundation
import Members
public import ProbeKit
public import IXPCore

/// The parsed `sflow:` section: kind `sflow`, the UDP address the switches send sFlow version 5
/// to. One `SFlowProbe`.
///
/// ```yaml
/// sflow:
///   listen: "192.0.2.10:6343"
///   top_pairs: 50
/// ```
public struct SFlowSettings: SingleSectionProbeSettings {
    /// The UDP address and port to listen on.
    public var listen: SFlowListenAddress
    /// Member pairs exported one by one (the rest count as `other`).
    public var topPairs: Int = 50
    /// Member pairs counted one by one in memory.
    public var maximumPairs: Int = 100_000
    /// Seconds between collections.
    public var interval: Double = 60
    /// The socket's receive buffer.
    public var receiveBufferBytes: Int = 4 << 20
    /// The member list file (the section's `members_file`, else the agent's list).
    public var memberListFile: String?

    /// Settings listening on `listen`.
    public init(listen: SFlowListenAddress) {
        self.listen = listen
    }

    /// `sflow`.
    public static let kindName = "sflow"

    /// `sflow`.
    public static let sectionKey = "sflow"

    public var intervals: [Double] { [interval] }

    /// One collector, a service too: the service group binds the port when the agent starts.
    public func makeProbes() throws -> ProbeSet {
        let source: @Sendable () -> MemberRegistry?
        if let path = memberListFile {
            let cache = MemberListFile(path: path)
            source = { cache.registry() }
        } else {
            source = { nil }
        }
        let probe = SFlowProbe(settings: self, members: source)
        return ProbeSet(probes: [probe], services: [probe])
    }

    /// Parses the `sflow:` mapping.
    public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> SFlowSettings {
        let keys = try node.mapping(allowed: ["listen", "top_pairs", "max_pairs", "interval", "receive_buffer_mib", "members_file"])
        guard let listenNode = keys["listen"] else {
            throw node.error("sflow needs the address to 'listen' on, e.g. listen: \"0.0.0.0:6343\"")
        }
        var settings: SFlowSettings
        do {
            settings = SFlowSettings(listen: try SFlowListenAddress(parsing: try listenNode.string()))
        } catch let error as ProbeError {
            throw listenNode.error(error.message)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw listenNode.error("\(error)")
        }
        if let top = keys["top_pairs"] { settings.topPairs = try top.integer(in: 1...10_000) }
        if let maximum = keys["max_pairs"] { settings.maximumPairs = try maximum.integer(in: 1...10_000_000) }
        if let interval = keys["interval"] { settings.interval = try interval.duration(atLeast: 1) }
        if let buffer = keys["receive_buffer_mib"] { settings.receiveBufferBytes = try buffer.integer(in: 1...1024) << 20 }
        if let file = keys["members_file"] {
            settings.memberListFile = try file.string()
        } else {
            settings.memberListFile = context.memberListFile
        }
        return settings
    }
}
