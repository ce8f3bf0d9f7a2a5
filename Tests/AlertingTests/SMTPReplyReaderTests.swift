@testable import Alerting

import NIOCore
import Testing

/// The SMTP client's reply reader on its own: replies, however the bytes are cut, and the
/// limits a broken or hostile server runs into.
@Suite("SMTP reply reader")
struct SMTPReplyReaderTests {
    /// Reads `text` in reads of `chunk` bytes: the replies, and the violation's message if any.
    static func read(_ text: String, chunk: Int = .max) -> (replies: [SMTPReply], violation: String?) {
        let bytes = Array(text.utf8)
        var reader = SMTPReplyReader()
        var replies: [SMTPReply] = []
        var start = 0
        do throws(SMTPChannelFailure) {
            while start < bytes.count {
                let end = min(bytes.count, start + min(chunk, bytes.count - start))
                var buffer = ByteBuffer(bytes: bytes[start..<end])
                reader.append(&buffer)
                while let reply = try reader.nextReply() { replies.append(reply) }
                start = end
            }
        } catch {
            guard case .protocolViolation(let message) = error else { return (replies, "\(error)") }
            return (replies, message)
        }
        return (replies, nil)
    }

    static let session = "220 mx.example.net ESMTP\r\n250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
        + "250 STARTTLS\r\n334 VXNlcm5hbWU6\r\n421 4.3.2 shutting down\n"

    @Test("a greeting, a multi-line EHLO reply, a 334 and a 421 with a bare LF")
    func session() {
        let result = Self.read(Self.session)
        #expect(result.violation == nil)
        #expect(result.replies == [
            SMTPReply(code: 220, lines: ["mx.example.net ESMTP"]),
            SMTPReply(code: 250, lines: ["mx.example.net", "PIPELINING", "SIZE 10240000", "STARTTLS"]),
            SMTPReply(code: 334, lines: ["VXNlcm5hbWU6"]),
            SMTPReply(code: 421, lines: ["4.3.2 shutting down"]),
        ])
    }

    @Test("reads of any size give the same replies", arguments: [1, 2, 3, 7, 64])
    func cuts(chunk: Int) {
        let whole = Self.read(Self.session)
        let cut = Self.read(Self.session, chunk: chunk)
        #expect(cut.replies == whole.replies)
        #expect(cut.violation == nil)
    }

    @Test("a bare code is a reply with one empty line; a reply not yet ended is held")
    func bareCodeAndPartial() throws {
        #expect(Self.read("250\r\n").replies == [SMTPReply(code: 250, lines: [""])])
        var reader = SMTPReplyReader()
        var buffer = ByteBuffer(string: "250-first\r\n250 sec")
        reader.append(&buffer)
        #expect(try reader.nextReply() == nil)
        #expect(reader.hasPartialReply)
        buffer = ByteBuffer(string: "ond\r\n")
        reader.append(&buffer)
        #expect(try reader.nextReply() == SMTPReply(code: 250, lines: ["first", "second"]))
        #expect(!reader.hasPartialReply)
    }

    @Test("a line longer than the limit, complete or still growing, is a violation", arguments: [1, 512, .max])
    func longLine(chunk: Int) {
        let line = "250 " + String(repeating: "x", count: SMTPReplyReader.maximumLineLength)
        let ended = Self.read("220 ok\r\n" + line + "\r\n", chunk: chunk)
        #expect(ended.replies == [SMTPReply(code: 220, lines: ["ok"])])
        #expect(ended.violation?.contains("longer than 2048 bytes") == true)
        #expect(Self.read(line, chunk: chunk).violation?.contains("longer than 2048 bytes") == true)
        let longest = "250 " + String(repeating: "x", count: SMTPReplyReader.maximumLineLength - 6) + "\r\n"
        #expect(Self.read(longest, chunk: chunk).violation == nil)
    }

    @Test("more than 100 lines in one reply is a violation")
    func tooManyLines() {
        let lines = String(repeating: "250-x\r\n", count: SMTPReplyReader.maximumLines - 1)
        #expect(Self.read(lines + "250 last\r\n").replies.first?.lines.count == SMTPReplyReader.maximumLines)
        #expect(Self.read(lines + "250-x\r\n250 last\r\n").violation == "a reply has more than 100 lines")
    }

    @Test("not a reply", arguments: [
        ("hello\r\n", "not an SMTP reply: \"hello\""),
        ("25\r\n", "not an SMTP reply: \"25\""),
        ("250x\r\n", "not an SMTP reply: \"250x\""),
        ("2\u{1}0 ok\r\n", "not an SMTP reply: \"2?0 ok\""),
        ("199 low\r\n", "reply code 199 is out of range"),
        ("600 high\r\n", "reply code 600 is out of range"),
        ("250-one\r\n251 two\r\n", "a multi-line reply changed its code from 250 to 251"),
    ])
    func notAReply(text: String, message: String) {
        #expect(Self.read(text).violation == message)
    }
}
