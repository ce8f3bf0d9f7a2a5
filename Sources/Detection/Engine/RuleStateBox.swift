import Synchronization

/// What rules learn between evaluations — today each member port's Holt-Winters traffic model —
/// shared between the evaluations and the code that persists it.
public final class RuleStateBox: Sendable {
    private let tracks: Mutex<[String: HoltWintersTrack]>

    /// An empty box, or one resumed from `tracks` (loaded from the state database).
    public init(tracks: [String: HoltWintersTrack] = [:]) {
        self.tracks = Mutex(tracks)
    }

    /// The tracks, for persisting.
    public var snapshot: [String: HoltWintersTrack] { tracks.withLock { $0 } }

    /// Reads and updates the track of `key`.
    public func withTrack<Result>(_ key: String, _ body: (inout HoltWintersTrack?) -> Result) -> Result {
        tracks.withLock { body(&$0[key]) }
    }

    /// Drops the tracks whose keys are not in `keep` (ports that disappeared).
    public func retain(_ keep: Set<String>) {
        tracks.withLock { tracks in tracks = tracks.filter { keep.contains($0.key) } }
    }
}

/// One port's Holt-Winters model and how far it has been fed.
public struct HoltWintersTrack: Sendable, Codable {
    /// The model.
    public var state: HoltWintersState
    /// The start time of the last step fed to it.
    public var lastFed: Double
    /// The step of the values it is fed, seconds.
    public var step: Double
    /// The last step's outcome, for evidence.
    public var lastPrediction: Double
    /// Whether the last step completed a failure (7 violations in 9).
    public var failing: Bool

    /// A track.
    public init(state: HoltWintersState, lastFed: Double, step: Double, lastPrediction: Double = .nan, failing: Bool = false) {
        self.state = state
        self.lastFed = lastFed
        self.step = step
        self.lastPrediction = lastPrediction
        self.failing = failing
    }

    enum CodingKeys: String, CodingKey { case state, lastFed = "last_fed", step, lastPrediction = "last_prediction", failing }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(HoltWintersState.self, forKey: .state)
        lastFed = try container.decode(Double.self, forKey: .lastFed)
        step = try container.decode(Double.self, forKey: .step)
        lastPrediction = try container.decodeIfPresent(Double.self, forKey: .lastPrediction) ?? .nan
        failing = try container.decodeIfPresent(Bool.self, forKey: .failing) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(lastFed, forKey: .lastFed)
        try container.encode(step, forKey: .step)
        try container.encode(lastPrediction.isFinite ? lastPrediction : nil, forKey: .lastPrediction)
        try container.encode(failing, forKey: .failing)
    }
}
