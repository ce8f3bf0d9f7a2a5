import ProcessTestSupport
import Foundation

/// A lossy UDP relay on 127.0.0.1 (Tests/Fixtures/faults/udp_relay.py) between the agent and an
/// SNMP responder: it drops, delays and reorders datagrams as ``configure(upstream:drop:delayMax:reorder:)``
/// says, and can be pointed at a responder restarted on another port. Stopped by its process id.
final class UDPRelay {
    /// Counts the relay writes about twice a second.
    struct Statistics: Decodable {
        var forwarded: Int
        var dropped: Int
        var held: Int
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/faults/udp_relay.py")

    /// The port the agent sends to.
    let port: Int
    private let scratch: URL
    private let process: ServerProcess

    /// Starts a relay that forwards to `upstream` without faults.
    init(upstream: Int, seed: Int = 1) throws {
        scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        port = try FreePort.udp()
        let ready = scratch.appendingPathComponent("ready")
        process = try Subprocess.start(
            "python3",
            [Self.script.path, "--port", "\(port)", "--control", scratch.appendingPathComponent("control.json").path,
             "--ready", ready.path, "--stats", scratch.appendingPathComponent("stats.json").path, "--seed", "\(seed)"],
            logFile: scratch.appendingPathComponent("relay.log"))
        try configure(upstream: upstream)
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning else { break }
            usleep(10_000)
        }
        guard FileManager.default.fileExists(atPath: ready.path) else {
            let log = (try? String(contentsOf: scratch.appendingPathComponent("relay.log"), encoding: .utf8)) ?? ""
            stop()
            throw HarnessError("the UDP relay did not start: \(log)")
        }
    }

    /// Sets the faults: drop probability, the longest delay (seconds), the probability that a
    /// datagram is held back so that later ones overtake it.
    func configure(upstream: Int, drop: Double = 0, delayMax: Double = 0, reorder: Double = 0) throws {
        let text = "{\"upstream\": \(upstream), \"drop\": \(drop), \"delay_max\": \(delayMax), \"reorder\": \(reorder)}"
        try text.write(to: scratch.appendingPathComponent("control.json"), atomically: true, encoding: .utf8)
    }

    /// What it has done so far.
    func statistics() throws -> Statistics {
        try JSONDecoder().decode(Statistics.self, from: Data(contentsOf: scratch.appendingPathComponent("stats.json")))
    }

    /// Stops it and removes its files.
    func stop() {
        process.stop(grace: 1)
        try? FileManager.default.removeItem(at: scratch)
    }
}
