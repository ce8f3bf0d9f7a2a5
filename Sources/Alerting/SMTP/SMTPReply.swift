/// One reply of an SMTP server: a three-digit code and its text lines (one for a single-line
/// reply, several for a multi-line one such as EHLO's).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, 200…599.
    public var code: Int
    /// The text after the code on each line, without the separator and the CRLF.
    public var lines: [String]

    /// A reply.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx: done.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3xx: go on (334 during AUTH, 354 after DATA).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: not now, try again later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: no, and do not try again.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// `250 first line` with further lines joined by ` / `.
    public var description: String {
        "\(code) " + lines.joined(separator: " / ")
    }
}
