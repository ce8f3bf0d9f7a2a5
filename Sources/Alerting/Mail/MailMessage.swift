/// An alert mail ready to send: UTF-8 headers (RFC 2047 where needed), a date, a deterministic
/// Message-ID, threading headers, and a text part with an optional HTML alternative, both
/// quoted-printable with CRLF line ends and no line over 998 characters. Inline images (charts)
/// go with the HTML: `multipart/alternative` of the text and a `multipart/related` of the HTML
/// and its images (base64), which the HTML refers to as `cid:…`.
public struct MailMessage: Sendable, Hashable {
    /// The sender (`From`; also the envelope sender).
    public var from: MailAddress
    /// The recipients (`To`; also the envelope recipients).
    public var to: [MailAddress]
    /// The subject, any Unicode.
    public var subject: String
    /// When it was written, seconds since the epoch.
    public var date: Double
    /// The Message-ID without angle brackets, `3f2a…@host`.
    public var messageID: String
    /// The Message-ID this one answers (the previous mail of the same alert group), if any.
    public var inReplyTo: String?
    /// The thread's Message-IDs, oldest first (the group's first mail, then the previous one).
    public var references: [String]
    /// The plain-text body.
    public var textBody: String
    /// The HTML body, if any (then the mail is multipart/alternative).
    public var htmlBody: String?
    /// Further headers, e.g. `X-IXP-Health-Group`; names and values in ASCII.
    public var extraHeaders: [(name: String, value: String)]
    /// Images the HTML body shows (`<img src="cid:…">`); ignored without an HTML body.
    public var images: [InlineImage]

    /// A message.
    public init(from: MailAddress, to: [MailAddress], subject: String, date: Double, messageID: String,
                inReplyTo: String? = nil, references: [String] = [], textBody: String, htmlBody: String? = nil,
                extraHeaders: [(name: String, value: String)] = [], images: [InlineImage] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
        self.images = images
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.encoded() == rhs.encoded()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(messageID)
        hasher.combine(subject)
    }

    /// The Message-ID of notification `sequence` of the alert group `groupKey` whose thread
    /// began at `threadStart`: the same inputs give the same id (so a resend after a restart
    /// is recognisably the same mail), and a new thread never reuses an old one's ids.
    public static func messageID(groupKey: String, threadStart: Double, sequence: Int, host: String) -> String {
        let digest = MailEncoding.sha256Hex("\(groupKey)\n\(Int64(threadStart.rounded(.down)))\n\(sequence)")
        return "\(digest.prefix(40))@\(host.isEmpty ? "ixp-health.invalid" : host)"
    }

    /// The message as it goes over the wire: headers and body, CRLF line ends, 7-bit ASCII.
    public func encoded() -> [UInt8] {
        var lines: [String] = []
        lines.append("Date: " + MailEncoding.rfc5322Date(date))
        lines.append(MailEncoding.fold("From: " + MailEncoding.mailbox(from)))
        lines.append(MailEncoding.fold("To: " + to.map(MailEncoding.mailbox).joined(separator: ", ")))
        lines.append(MailEncoding.unstructuredHeader("Subject", subject))
        lines.append("Message-ID: <\(messageID)>")
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty {
            lines.append("References: " + references.map { "<\($0)>" }.joined(separator: "\r\n "))
        }
        lines.append("MIME-Version: 1.0")
        lines.append("Auto-Submitted: auto-generated")
        for header in extraHeaders {
            lines.append(MailEncoding.unstructuredHeader(header.name, header.value))
        }
        let boundary = "=_ixp_" + MailEncoding.sha256Hex(messageID).prefix(24)
        if let htmlBody {
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a MIME message with a text and an HTML version.")
            lines.append("--" + boundary)
            lines += Self.part("text/plain", textBody)
            lines.append("--" + boundary)
            if images.isEmpty {
                lines += Self.part("text/html", htmlBody)
            } else {
                let related = "=_ixp_rel_" + MailEncoding.sha256Hex("related\n" + messageID).prefix(24)
                lines.append("Content-Type: multipart/related; type=\"text/html\"; boundary=\"\(related)\"")
                lines.append("")
                lines.append("--" + related)
                lines += Self.part("text/html", htmlBody)
                for image in images {
                    lines.append("--" + related)
                    lines += Self.imagePart(image)
                }
                lines.append("--" + related + "--")
            }
            lines.append("--" + boundary + "--")
        } else {
            lines += Self.part("text/plain", textBody)
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    private static func imagePart(_ image: InlineImage) -> [String] {
        // Only token characters in the type and the file name; the Content-ID is ASCII by
        // construction, angle brackets and line breaks removed to be safe.
        let type = image.mediaType.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "/.+-".contains($0)) }
        let name = image.filename.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        let id = image.contentID.filter { $0.isASCII && !$0.isWhitespace && !$0.isNewline && $0 != "<" && $0 != ">" }
        return [
            "Content-Type: \(type.isEmpty ? "application/octet-stream" : type); name=\"\(name)\"",
            "Content-Transfer-Encoding: base64",
            "Content-ID: <\(id)>",
            "Content-Disposition: inline; filename=\"\(name)\"",
            "",
            MailEncoding.base64Lines(image.data),
        ]
    }

    private static func part(_ type: String, _ body: String) -> [String] {
        // The part's last line ends with the CRLF its delimiter needs; a final newline of the
        // body is that CRLF, not an empty line of its own.
        var body = body
        if body.hasSuffix("\n") { body.removeLast() }
        return [
            "Content-Type: \(type); charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            MailEncoding.quotedPrintable(body),
        ]
    }
}
