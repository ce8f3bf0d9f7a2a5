public import IXPCore
public import ProbeKit
import Synchronization

/// A probe for tests of what runs probes (the scheduler, the agent's runtime): it answers each
/// collection with the next of its scripted results and records the time of every call.
///
/// When the script runs out, the last result is repeated (an empty output when the script is
/// empty), so a probe scripted `[.failure(ProbeError("down"))]` fails on every run.
///
/// ```swift
/// let probe = MockProbe(name: "a", interval: 10, results: [.success(ProbeOutput()), .failure(ProbeError("down"))])
/// ```
public final class MockProbe: Probe {
    /// `kind` (default `mock`) and `name`.
    public let identity: ProbeIdentity
    /// Seconds between runs.
    public let interval: Double
    /// The device it says it speaks for.
    public let device: ProbeDevice?
    private let state: Mutex<State>

    private struct State {
        var script: [Result<ProbeOutput, ProbeError>]
        var next = 0
        var times: [Double] = []
    }

    /// A probe named `name` of kind `kind`, run every `interval` seconds, that answers with
    /// `results` in order and then repeats the last one.
    public init(
        kind: String = "mock", name: String, interval: Double = 60, device: ProbeDevice? = nil,
        results: [Result<ProbeOutput, ProbeError>] = []
    ) {
        identity = ProbeIdentity(kind: kind, name: name)
        self.interval = interval
        self.device = device
        state = Mutex(State(script: results))
    }

    /// Records the call and answers with the next scripted result.
    public func collect(at time: Double) async throws -> ProbeOutput {
        let result = state.withLock { state -> Result<ProbeOutput, ProbeError> in
            state.times.append(time)
            guard !state.script.isEmpty else { return .success(ProbeOutput()) }
            let result = state.script[min(state.next, state.script.count - 1)]
            state.next += 1
            return result
        }
        return try result.get()
    }

    /// The `time` of every collection so far, in order.
    public var collectionTimes: [Double] { state.withLock { $0.times } }

    /// How many collections have been asked for so far.
    public var collectionCount: Int { state.withLock { $0.times.count } }

    /// Waits until at least `count` collections have been asked for, looking every millisecond
    /// of real time up to `attempts` times; whether they have.
    public func waitForCollections(_ count: Int, attempts: Int = 10_000) async -> Bool {
        for _ in 0..<attempts {
            if collectionCount >= count { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return collectionCount >= count
    }
}
