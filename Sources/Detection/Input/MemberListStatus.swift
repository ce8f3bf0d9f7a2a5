/// Whether the member list could be loaded, for `member_list_unavailable`.
public struct MemberListStatus: Sendable, Hashable {
    /// The file or URL.
    public var source: String
    /// When it was last loaded successfully.
    public var lastSuccess: Double?
    /// The last error, when the last load failed.
    public var lastError: String?
    /// Since when loading has been failing.
    public var failingSince: Double?

    /// A status.
    public init(source: String, lastSuccess: Double?, lastError: String?, failingSince: Double?) {
        self.source = source
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.failingSince = failingSince
    }
}
