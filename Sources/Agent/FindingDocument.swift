import Detection

/// A finding as the findings API shows it: the finding's own fields, and `acknowledged`, its
/// acknowledgement in force (`{"by", "comment", "at", "expires_at"?}`) or null.
struct FindingDocument: Codable, Sendable {
    /// The finding.
    var finding: Finding
    /// Its acknowledgement in force, if any.
    var acknowledgement: FindingAcknowledgement?

    init(_ finding: Finding, acknowledgement: FindingAcknowledgement?) {
        self.finding = finding
        self.acknowledgement = acknowledgement
    }

    enum CodingKeys: String, CodingKey { case acknowledged }

    init(from decoder: any Decoder) throws {
        finding = try Finding(from: decoder)
        acknowledgement = try decoder.container(keyedBy: CodingKeys.self)
            .decodeIfPresent(FindingAcknowledgement.self, forKey: .acknowledged)
    }

    func encode(to encoder: any Encoder) throws {
        try finding.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(acknowledgement, forKey: .acknowledged)
    }
}
