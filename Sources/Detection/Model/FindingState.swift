/// Where a finding is in its life.
public enum FindingState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The condition holds, but not yet for the rule's `for` duration.
    case pending
    /// The condition has held for the rule's `for` duration: people are told.
    case firing
    /// The condition no longer holds.
    case resolved
}
