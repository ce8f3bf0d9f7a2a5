/// Someone said "I am on it" about a finding: who, why, when, and until when. While it is in
/// force the finding stays listed and its reminder mails stop; it ends when the finding
/// resolves (the detector deletes it then), when it expires, or when it is withdrawn.
public struct FindingAcknowledgement: Sendable, Hashable, Codable {
    /// The finding's id (`rule|subject`).
    public var findingID: String
    /// Who acknowledged it.
    public var by: String
    /// Why, or what is being done.
    public var comment: String
    /// When (seconds since the epoch).
    public var at: Double
    /// When it stops counting, if it was given an end.
    public var expiresAt: Double?

    /// An acknowledgement.
    public init(findingID: String, by: String, comment: String, at: Double, expiresAt: Double? = nil) {
        self.findingID = findingID
        self.by = by
        self.comment = comment
        self.at = at
        self.expiresAt = expiresAt
    }

    /// Whether it counts at `now` (it has not expired).
    public func isInForce(at now: Double) -> Bool {
        expiresAt.map { now < $0 } ?? true
    }

    enum CodingKeys: String, CodingKey {
        case findingID = "finding_id", by, comment, at, expiresAt = "expires_at"
    }
}
