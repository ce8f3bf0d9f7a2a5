import Foundation
import ProcessTestSupport
import SNMPClient
import Testing

@Suite("SNMP cancellation")
struct SNMPCancellationTests {
    static let sysUpTime = OID([1, 3, 6, 1, 2, 1, 1, 3, 0])
    static let ifDescr = OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 2])

    /// 20 s timeout and 2 retries: a minute of waiting unless cancellation ends it.
    static func target(port: Int) -> SNMPTarget {
        SNMPTarget(host: "127.0.0.1", port: port, credentials: .v2c(community: "public"), timeout: 20, retries: 2,
                   deadline: 120)
    }

    @Test("a cancelled walk or get returns .cancelled instead of waiting out the timeout", arguments: [false, true])
    func cancelledOperationEndsAtOnce(walk: Bool) async throws {
        let silent = try SilentUDPPort()
        let engine = SNMPPollEngine(threads: 1)
        defer { engine.shutdown() }
        let target = Self.target(port: silent.port)
        let task = Task { () -> SNMPError? in
            do throws(SNMPError) {
                if walk {
                    _ = try await engine.walk([Self.ifDescr], on: target)
                } else {
                    _ = try await engine.get([Self.sysUpTime], on: target)
                }
                return nil
            } catch {
                return error
            }
        }
        // Let the request reach the worker and go out (cancellation before that is covered too).
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        let error = await task.value
        #expect(error?.kind == .cancelled, "\(String(describing: error))")
    }

    @Test("a task cancelled before it asks gets .cancelled and sends nothing")
    func cancelledBeforeSubmitting() async throws {
        let silent = try SilentUDPPort()
        let engine = SNMPPollEngine(threads: 1)
        defer { engine.shutdown() }
        let target = Self.target(port: silent.port)
        let task = Task { () -> SNMPError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(SNMPError) {
                _ = try await engine.get([Self.sysUpTime], on: target)
                return nil
            } catch {
                return error
            }
        }
        #expect(await task.value?.kind == .cancelled)
    }

    @Test("after a cancellation the worker still serves the same target")
    func workerKeepsWorkingAfterCancellation() async throws {
        let silent = try SilentUDPPort()
        let engine = SNMPPollEngine(threads: 1)
        defer { engine.shutdown() }
        let task = Task { try await engine.walk([Self.ifDescr], on: Self.target(port: silent.port)) }
        try await Task.sleep(nanoseconds: 100_000_000)
        task.cancel()
        _ = await task.result
        // A short timeout now: the worker answers with its own timeout, not a hang.
        var quick = Self.target(port: silent.port)
        quick.timeout = 0.2
        quick.retries = 0
        do {
            _ = try await engine.get([Self.sysUpTime], on: quick)
            Issue.record("a silent agent cannot answer")
        } catch {
            #expect(error.kind == .timeout || error.kind == .deadlineExceeded, "\(error)")
        }
    }
}
