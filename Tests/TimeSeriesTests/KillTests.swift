import Foundation
import Testing
@testable import TimeSeries

/// SIGKILL between (and during) checkpoints: a child process — this test binary re-run with a
/// filter — appends and checkpoints until the parent kills it; the history up to the last
/// checkpoint the child reported must be intact. (The agent-level test, killing a running
/// `ixp-health run`, belongs to the integration tests.)
@Suite struct KillTests {
    static let directoryVariable = "TS_KILL_CHILD_DIRECTORY"
    static let seriesCount = 50

    static func configuration() -> StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.tiers = [
            Tier(name: "raw", step: 10, rows: 5_000, functions: [.average]),
            Tier(name: "1m", step: 60, rows: 1_000, functions: [.average, .maximum]),
        ]
        configuration.compactionRatio = 0.5  // snapshots happen too, so some kills land in one
        return configuration
    }

    static func key(_ index: Int) -> SeriesKey { SeriesKey(name: "m", labels: ["i": "\(index)"]) }
    static func value(series: Int, poll: Int) -> Double { Double(series * 1_000_000 + poll) }

    /// The child: does nothing unless started by `historySurvivesSIGKILL` with the variable set.
    @Test func childWritesUntilKilled() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.directoryVariable] else { return }
        let directory = URL(fileURLWithPath: path)
        let store = try TimeSeriesStore(configuration: Self.configuration(), directory: directory.appendingPathComponent("state"))
        let handles = (0..<Self.seriesCount).compactMap { store.handle(for: Self.key($0)) }
        var poll = 0
        while true {
            for (index, handle) in handles.enumerated() {
                store.append(handle: handle, timestamp: 1_000_000 + Double(poll) * 10, value: Self.value(series: index, poll: poll))
            }
            if poll % 20 == 19 {
                try store.checkpoint()
                // Only after the checkpoint returned: record what must survive.
                let progress = directory.appendingPathComponent("progress")
                try Data("\(poll)".utf8).write(to: progress, options: .atomic)
            }
            poll += 1
        }
    }

    static let holderVariable = "TS_LOCK_HOLDER_DIRECTORY"

    /// The child of `aSecondProcessIsLockedOut`: holds a store open until killed.
    @Test func childHoldsTheDirectory() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.holderVariable] else { return }
        let directory = URL(fileURLWithPath: path)
        let store = try TimeSeriesStore(configuration: Self.configuration(), directory: directory.appendingPathComponent("state"))
        store.append(Self.key(0), timestamp: 1_000_000, value: 1)
        try Data("ready".utf8).write(to: directory.appendingPathComponent("ready"), options: .atomic)
        while true { usleep(10_000) }
    }

    @Test func aSecondProcessIsLockedOut() throws {
        guard ProcessInfo.processInfo.environment[Self.holderVariable] == nil,
              ProcessInfo.processInfo.environment[Self.directoryVariable] == nil,
              FileManager.default.fileExists(atPath: "/proc/self/exe")
        else { return }
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--testing-library", "swift-testing", "--filter", "childHoldsTheDirectory"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.holderVariable: directory.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() } }
        let ready = directory.appendingPathComponent("ready")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: ready.path), Date() < deadline, child.isRunning { usleep(2_000) }
        #expect(FileManager.default.fileExists(atPath: ready.path))
        // While the child runs, this process (an import, a second agent) is refused.
        #expect {
            try TimeSeriesStore(configuration: Self.configuration(), directory: directory.appendingPathComponent("state"))
        } throws: { error in
            "\(error)".contains("another process")
        }
        // Once it is gone (even by SIGKILL), the directory is free.
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        _ = try TimeSeriesStore(configuration: Self.configuration(), directory: directory.appendingPathComponent("state"))
    }

    @Test func historySurvivesSIGKILL() throws {
        // Re-running this test binary needs /proc/self/exe (Linux, where CI runs).
        guard ProcessInfo.processInfo.environment[Self.directoryVariable] == nil,
              FileManager.default.fileExists(atPath: "/proc/self/exe")
        else { return }
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let progress = directory.appendingPathComponent("progress")
        func lastCheckpointedPoll() -> Int? {
            (try? String(contentsOf: progress, encoding: .utf8)).flatMap { Int($0) }
        }
        for round in 0..<3 {
            let child = Process()
            child.executableURL = executable
            child.arguments = ["--testing-library", "swift-testing", "--filter", "childWritesUntilKilled"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.directoryVariable: directory.path]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try? FileManager.default.removeItem(at: progress)
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("state"))
            try child.run()
            // Let it write a few checkpoints, then kill it at a random moment.
            let deadline = Date().addingTimeInterval(60)
            while (lastCheckpointedPoll() ?? -1) < 20 * (3 + round), Date() < deadline, child.isRunning {
                usleep(2_000)
            }
            usleep(UInt32.random(in: 0..<20_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            let survived = try #require(lastCheckpointedPoll(), "the child never finished a checkpoint")

            let restored = try TimeSeriesStore(configuration: Self.configuration(), directory: directory.appendingPathComponent("state"))
            #expect(restored.statistics.seriesCount == Self.seriesCount)
            for index in 0..<Self.seriesCount {
                let key = Self.key(index)
                let last = try #require(restored.lastTimestamp(of: key))
                #expect(last >= 1_000_000 + Double(survived) * 10)
                let range = try #require(restored.query(key, tier: 0, from: 1_000_000, to: 1_000_000 + Double(survived) * 10))
                let expected = (0...survived).map { Self.value(series: index, poll: $0) }
                let lost = zip(range.values, expected).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
                #expect(range.values.count == expected.count && lost.isEmpty,
                        "series \(index): \(lost.count) values up to poll \(survived) lost, the first at poll \(lost.first ?? -1)")
            }
        }
    }
}
