/// What one probe kind parsed from the configuration: validated, inert settings that the agent
/// keeps in its configuration and turns into running probes when it starts.
public protocol ProbeSettings: Sendable {
    /// The kind's name (`ProbeKind.name`).
    var kind: String { get }
    /// The collection intervals, in seconds, of the probes these settings make; the store's raw
    /// tier steps at the shortest interval of all kinds.
    var intervals: [Double] { get }
    /// Builds the probes, once, when the agent starts. Work that runs between collections (a
    /// capture thread, a poll engine) comes back as services, which the agent runs in its
    /// service group before the scheduler and shuts down after it. Throws an error a person can
    /// act on when the probes cannot be built.
    func makeProbes() throws -> ProbeSet
}
