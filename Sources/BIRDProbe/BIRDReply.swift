public import ProbeKit

/// One reply of the BIRD control protocol, as its lines with their codes.
///
/// BIRD answers each command with numbered lines: `1002-text` (code, a dash: more follows),
/// ` text` (a line continuing the previous code), and ends the reply with a line whose code
/// starts with 0 (done), 8 (runtime error) or 9 (syntax error) followed by a space, e.g. `0000 `.
public struct BIRDReply: Sendable, Hashable {
    /// One line: its code (that of the numbered line it continues, for a continuation) and text.
    public struct Line: Sendable, Hashable {
        /// The four-digit reply code, e.g. 1002.
        public var code: Int
        /// The text after the code and its separator (or after the continuation's space).
        public var text: String
        /// Whether the line started with its code (false for a continuation).
        public var numbered: Bool
    }

    /// Every line but the final one.
    public var lines: [Line]
    /// The final line's code: 0–999 done, 8000–8999 runtime error, 9000–9999 syntax error.
    public var finalCode: Int
    /// The final line's text (e.g. the error).
    public var finalText: String

    /// Whether a line (`text`, without its newline) ends a reply, and its code.
    static func finalCode(of text: Substring) -> Int? {
        guard let code = numberedCode(text), text.count >= 5, text[text.index(text.startIndex, offsetBy: 4)] == " " else {
            return nil
        }
        let first = code / 1000
        return first == 0 || first == 8 || first == 9 ? code : nil
    }

    static func numberedCode(_ text: Substring) -> Int? {
        guard text.count >= 4 else { return nil }
        let digits = text.prefix(4)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Parses a complete reply (up to and including its final line). Fails on a line that is
    /// neither numbered nor a continuation, or when the final line is missing.
    public static func parse(_ text: String) throws(ProbeError) -> BIRDReply {
        var lines: [Line] = []
        var current: Int?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            if let code = finalCode(of: line) {
                return BIRDReply(lines: lines, finalCode: code, finalText: String(line.dropFirst(5)))
            }
            if let code = numberedCode(line), line.count == 4 || line[line.index(line.startIndex, offsetBy: 4)] == "-" {
                current = code
                lines.append(Line(code: code, text: String(line.dropFirst(5)), numbered: true))
            } else if line.first == " ", let code = current {
                lines.append(Line(code: code, text: String(line.dropFirst()), numbered: false))
            } else {
                throw ProbeError("BIRD sent a line that is not in its reply format: '\(line.prefix(80))'")
            }
        }
        throw ProbeError("BIRD's reply ended without its final line")
    }
}
