import NIOCore

/// Splits an SMTP server's bytes into ``SMTPReply`` values: the reading half of
/// ``SMTPResponseHandler``, without a channel.
///
/// A hostile or broken server cannot make it buffer without bound: a reply line may be at most
/// ``maximumLineLength`` bytes (RFC 5321 allows 512) and a reply at most ``maximumLines`` lines.
/// A longer line, a longer reply, a line that is not `NNN text` or `NNN-text` with a code from
/// 200 to 599, or a multi-line reply whose code changes is a protocol violation; after one, the
/// reader's state is of no further use (the handler closes the connection).
struct SMTPReplyReader {
    /// The longest reply line accepted, CRLF included.
    static let maximumLineLength = 2048
    /// The most lines one (multi-line) reply may have.
    static let maximumLines = 100

    private var buffer = ByteBuffer()
    private var partialCode: Int?
    private var partialLines: [String] = []

    init() {}

    /// Whether bytes of a reply that is not complete yet are held.
    var hasPartialReply: Bool {
        buffer.readableBytes > 0 || partialCode != nil
    }

    /// Adds bytes the server sent, consuming `bytes`.
    mutating func append(_ bytes: inout ByteBuffer) {
        buffer.writeBuffer(&bytes)
    }

    /// The next complete reply of the bytes added so far, or nil when none is complete yet.
    /// Call it until it returns nil after each ``append(_:)``.
    mutating func nextReply() throws(SMTPChannelFailure) -> SMTPReply? {
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex + 1
            guard length <= Self.maximumLineLength, var line = buffer.readBytes(length: length) else {
                throw .protocolViolation("a reply line is longer than \(Self.maximumLineLength) bytes")
            }
            line.removeLast()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if let reply = try take(line) { return reply }
        }
        if buffer.readableBytes > Self.maximumLineLength {
            throw .protocolViolation("a reply line is longer than \(Self.maximumLineLength) bytes")
        }
        buffer.discardReadBytes()
        return nil
    }

    /// Takes one line (without its line end); returns the reply it completes.
    private mutating func take(_ line: [UInt8]) throws(SMTPChannelFailure) -> SMTPReply? {
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .protocolViolation("not an SMTP reply: \(Self.printable(line))")
        }
        let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (200...599).contains(code) else {
            throw .protocolViolation("reply code \(code) is out of range")
        }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw .protocolViolation("not an SMTP reply: \(Self.printable(line))")
        }
        if let partialCode, partialCode != code {
            throw .protocolViolation("a multi-line reply changed its code from \(partialCode) to \(code)")
        }
        partialCode = code
        partialLines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard partialLines.count <= Self.maximumLines else {
            throw .protocolViolation("a reply has more than \(Self.maximumLines) lines")
        }
        guard separator == UInt8(ascii: " ") else { return nil }
        let reply = SMTPReply(code: code, lines: partialLines)
        partialCode = nil
        partialLines = []
        return reply
    }

    /// The start of a line for an error message, control characters replaced.
    private static func printable(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(80), as: UTF8.self)
        return "\"" + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined() + "\""
    }
}
