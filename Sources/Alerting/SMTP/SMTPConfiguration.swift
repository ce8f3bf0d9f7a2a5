/// How the SMTP client reaches the mail server: where, with what protection, as whom, and how
/// long each step may take.
public struct SMTPConfiguration: Sendable, Hashable {
    /// The server's host name or IP address.
    public var host: String
    /// The server's port: 587 for submission with STARTTLS, 465 for implicit TLS, 25 for relay.
    public var port: Int
    /// How the connection is protected. STARTTLS by default; plaintext only when asked for.
    public var security: SMTPSecurity
    /// The user name for AUTH, or nil to send without authenticating.
    public var username: String?
    /// The password for AUTH. Never written to a transcript or a log.
    public var password: String?
    /// The name this client gives in EHLO/HELO (its own host name).
    public var heloName: String
    /// A PEM file of CA certificates to trust instead of the system's, for a private CA.
    public var caFile: String?
    /// Whether the server's certificate and host name are checked. On by default; turning it
    /// off is for a lab only.
    public var verifyCertificate: Bool
    /// The longest a TCP connection (and an implicit-TLS handshake) may take, in seconds.
    public var connectTimeout: Double
    /// The longest the server may take to answer a command (greeting, EHLO, STARTTLS, AUTH,
    /// MAIL, RCPT, DATA, QUIT), in seconds.
    public var commandTimeout: Double
    /// The longest the server may take to answer the end of the message data, in seconds
    /// (RFC 5321 §4.5.3.2.6 suggests 10 minutes; a mail server that takes that long is down).
    public var dataTimeout: Double

    /// A configuration; only `host` is required.
    public init(host: String, port: Int = 587, security: SMTPSecurity = .startTLS, username: String? = nil,
                password: String? = nil, heloName: String = "localhost", caFile: String? = nil,
                verifyCertificate: Bool = true, connectTimeout: Double = 10, commandTimeout: Double = 30,
                dataTimeout: Double = 120) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
        self.caFile = caFile
        self.verifyCertificate = verifyCertificate
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }
}

/// How an SMTP connection is protected.
public enum SMTPSecurity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain TCP, upgraded with STARTTLS (RFC 3207). A server that does not offer STARTTLS is
    /// an error: never a silent fallback to plaintext.
    case startTLS = "starttls"
    /// TLS from the first byte (port 465, RFC 8314).
    case implicitTLS = "implicit"
    /// Plaintext throughout, only when configured so (a relay on the same host or a lab).
    case none
}
