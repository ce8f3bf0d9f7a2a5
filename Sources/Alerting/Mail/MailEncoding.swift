import Crypto
import Foundation
import IXPCore

/// The encodings a mail needs: quoted-printable bodies (RFC 2045), RFC 2047 encoded words for
/// UTF-8 in headers, folded header lines, and the RFC 5322 date.
enum MailEncoding {
    /// The SHA-256 digest (swift-crypto) of `text`'s UTF-8 bytes in lowercase hex, 64
    /// characters: the deterministic part of Message-IDs and MIME boundaries.
    static func sha256Hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef")
        var hex = ""
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return hex
    }

    /// `text` as quoted-printable UTF-8 with CRLF line ends: lines at most 76 characters (soft
    /// breaks `=`), trailing spaces encoded, every byte outside printable ASCII as `=XX`.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { out += "\r\n" }
            let bytes = Array(line.utf8)
            var length = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let token: String
                if (byte == 0x20 || byte == 0x09) && !isLast {
                    token = String(UnicodeScalar(byte))
                } else if byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")
                    && !(length == 0 && byte == UInt8(ascii: ".")) {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
                }
                // Keep room for the soft break's `=` within 76 characters.
                if length + token.count > 75 {
                    out += "=\r\n"
                    length = 0
                }
                out += token
                length += token.count
            }
        }
        return out
    }

    /// `bytes` as base64 in lines of 76 characters, CRLF-separated.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\r\n")
    }

    /// Whether `text` can go into a header as it is: printable ASCII and spaces only, no
    /// sequence that would read as an encoded word.
    static func isPlainHeaderText(_ text: String) -> Bool {
        !text.contains("=?") && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `text` as RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters and
    /// never splitting a character, separated by folding white space.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty {
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
        }
        return words
    }

    /// An unstructured header (Subject): plain text folded at spaces, or encoded words when
    /// it holds anything but printable ASCII. Control characters become spaces.
    static func unstructuredHeader(_ name: String, _ value: String) -> String {
        let clean = String(value.map { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) ? " " : $0 })
        if isPlainHeaderText(clean) && !clean.split(separator: " ").contains(where: { $0.count > 900 }) {
            return fold(name + ": " + clean)
        }
        return name + ": " + encodedWords(clean).joined(separator: "\r\n ")
    }

    /// A mailbox header value: `"Name" <addr>` or `=?UTF-8?B?…?= <addr>`.
    static func mailbox(_ mailbox: MailAddress) -> String {
        guard let name = mailbox.displayName, !name.isEmpty else { return "<\(mailbox.address)>" }
        let clean = String(name.map { $0.isNewline ? " " : $0 })
        if isPlainHeaderText(clean) {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(mailbox.address)>"
        }
        return encodedWords(clean).joined(separator: "\r\n ") + " <\(mailbox.address)>"
    }

    /// A header line folded at spaces so that each line stays within 78 characters where it
    /// can (a word longer than that stays whole; RFC 5322 allows 998).
    static func fold(_ line: String) -> String {
        guard line.count > 78 else { return line }
        var out = ""
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > 78 {
                out += current + "\r\n"
                current = " " + word
            } else {
                current += " " + word
            }
        }
        return out + current
    }

    /// `seconds` since the epoch as an RFC 5322 date in UTC: `Fri, 27 Nov 2026 16:43:41 +0000`.
    static func rfc5322Date(_ seconds: Double) -> String {
        let time = UTCDateTime(epochSeconds: seconds)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[time.weekday]), \(time.day) \(months[time.month - 1]) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) +0000"
    }
}
