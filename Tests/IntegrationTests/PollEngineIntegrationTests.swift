import ProcessTestSupport
import Foundation
import InterfaceProbe
import SNMPClient
import Testing

/// The poll engine against a live snmpd with dead and silent agents sharing its one thread.
@Suite("poll engine")
struct PollEngineIntegrationTests {
    @Test("dead and silent switches on the same thread never hold up a good one")
    func deadSwitchesDoNotDelayOthers() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser])
        defer { daemon.stop() }
        let engine = SNMPPollEngine(threads: 1)
        defer { engine.shutdown() }
        let silentPort = try FreePort.udp()
        let silentSocket = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)   // bound, never answers
        defer { close(silentSocket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(silentPort).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(silentSocket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let deadV3 = SNMPTarget(host: "127.0.0.1", port: silentPort,
                                credentials: .v3(SNMPv3User(name: "ixuser", authentication: (.sha256, "authpass123"),
                                                            privacy: (.aes128, "privpass123"))),
                                timeout: 4, retries: 1)
        let deadV2 = SNMPTarget(host: "127.0.0.1", port: silentPort, credentials: .v2c(community: "public"), timeout: 4, retries: 1)
        let good = SNMPTarget(host: daemon.host, port: daemon.port, credentials: .v2c(community: daemon.community))
        let goodV3 = SNMPTarget(host: daemon.host, port: daemon.port,
                                credentials: .v3(SNMPv3User(name: "ixuser", authentication: (.sha256, "authpass123"),
                                                            privacy: (.aes128, "privpass123"))))
        let clock = ContinuousClock()
        let start = clock.now
        async let dead1: Duration = {
            do { _ = try await engine.walk(IFMIB.counterColumns, on: deadV3) } catch {}
            return clock.now - start
        }()
        async let dead2: Duration = {
            do { _ = try await engine.walk(IFMIB.counterColumns, on: deadV2) } catch {}
            return clock.now - start
        }()
        try await Task.sleep(nanoseconds: 50_000_000)
        let walk = try await engine.walk(IFMIB.counterColumns, on: good)
        let walkV3 = try await engine.walk(IFMIB.counterColumns, on: goodV3)
        let goodDone = clock.now - start
        let (deadDone1, deadDone2) = await (dead1, dead2)
        #expect(walk.valueCount > 0 && walkV3.valueCount > 0)
        #expect(goodDone < deadDone1 && goodDone < deadDone2,
                "good switches finished at \(goodDone), the dead ones at \(deadDone1) and \(deadDone2)")
        #expect(deadDone1 >= .seconds(7.9), "the dead v3 switch is given all its tries")
    }

    @Test("many targets are polled concurrently on two threads")
    func manyTargets() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser])
        defer { daemon.stop() }
        let engine = SNMPPollEngine(threads: 2)
        defer { engine.shutdown() }
        // 40 targets; they share one snmpd but each has its own session and socket.
        let targets = (0..<40).map { number in
            SNMPTarget(host: daemon.host, port: daemon.port,
                       credentials: .v2c(community: daemon.community), maxRepetitions: 10 + number % 5)
        }
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for target in targets {
                group.addTask { try await engine.walk(IFMIB.counterColumns, on: target).valueCount }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.count == 40)
        #expect(Set(counts).count == 1, "every target sees the same table: \(Set(counts))")
        #expect(counts.allSatisfy { $0 > 0 })
    }
}
