import CNetSNMP
#if canImport(Glibc)
import Glibc
#endif

/// One open net-snmp single-session handle. Not thread-safe, as net-snmp's single-session API
/// demands: a session is used by one worker thread only. The handle never leaves this module.
final class SNMPSession {
    /// net-snmp's opaque session pointer.
    let handle: UnsafeMutableRawPointer
    /// What it is connected to.
    let target: SNMPTarget
    /// Requests sent and not yet answered or timed out.
    var outstanding = 0
    /// When it was last used (monotonic nanoseconds), for closing idle sessions.
    var lastUsed: UInt64 = 0
    /// Set after a failure that may mean stale state (timeout, v3 report): the worker reopens it.
    var discard = false

    /// net-snmp's internal session structure, which its callbacks name.
    let sessionPointer: UnsafeRawPointer?

    private init(handle: UnsafeMutableRawPointer, target: SNMPTarget) {
        self.handle = handle
        self.target = target
        self.sessionPointer = snmp_sess_session(handle).map(UnsafeRawPointer.init)
    }

    deinit {
        snmp_sess_close(handle)
    }

    /// The UDP socket, for poll(2).
    var socket: Int32 { ixp_sess_socket(handle) }

    /// The session's last error in words.
    var lastErrorText: String {
        var buffer = [CChar](repeating: 0, count: 512)
        ixp_sess_error_text(handle, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Opens a session. For SNMPv3 this also discovers the agent's engine ID, which blocks
    /// for up to timeout × (retries + 1) when the agent does not answer.
    static func open(_ target: SNMPTarget) throws(SNMPError) -> SNMPSession {
        SNMPLibrary.initialize()
        var session = netsnmp_session()
        snmp_sess_init(&session)
        var allocations: [UnsafeMutableRawPointer] = []
        defer {
            for pointer in allocations { free(pointer) }
            if let p = session.securityAuthProto { free(p) }
            if let p = session.securityPrivProto { free(p) }
        }
        func duplicate(_ text: String) -> UnsafeMutablePointer<CChar>? {
            let copy = strdup(text)
            if let copy { allocations.append(UnsafeMutableRawPointer(copy)) }
            return copy
        }

        session.peername = duplicate(target.peerName)
        session.timeout = Int(max(0.01, target.timeout) * 1_000_000)
        session.retries = Int32(clamping: max(0, target.retries))

        switch target.credentials {
        case .v1(let community), .v2c(let community):
            if case .v1 = target.credentials {
                session.version = Int(SNMP_VERSION_1)
            } else {
                session.version = Int(SNMP_VERSION_2c)
            }
            let copy = duplicate(community)
            session.community = UnsafeMutableRawPointer(copy)?.assumingMemoryBound(to: UInt8.self)
            session.community_len = community.utf8.count
        case .v3(let user):
            session.version = Int(SNMP_VERSION_3)
            session.securityName = duplicate(user.name)
            session.securityNameLen = user.name.utf8.count
            if !user.context.isEmpty {
                session.contextName = duplicate(user.context)
                session.contextNameLen = user.context.utf8.count
            }
            session.securityLevel = SNMP_SEC_LEVEL_NOAUTH
            if let auth = user.authProtocol {
                try deriveKey(user.authPassphrase, what: "authentication", user: user, target: target,
                              unavailable: "could not derive the \(auth.rawValue) authentication key") {
                    ixp_session_set_auth(&session, auth.cValue, $0, strlen($0))
                }
                session.securityLevel = SNMP_SEC_LEVEL_AUTHNOPRIV
                if let priv = user.privProtocol {
                    try deriveKey(user.privPassphrase, what: "privacy", user: user, target: target,
                                  unavailable: "\(priv.rawValue) privacy is not available in this net-snmp") {
                        ixp_session_set_priv(&session, priv.cValue, $0, strlen($0))
                    }
                    session.securityLevel = SNMP_SEC_LEVEL_AUTHPRIV
                }
            } else if user.privProtocol != nil {
                throw SNMPError(.sessionOpen, target: target.displayName,
                                "SNMPv3 user \(user.name): privacy needs authentication too")
            }
        }

        guard let handle = snmp_sess_open(&session) else {
            var clibError: Int32 = 0
            var snmpError: Int32 = 0
            var message: UnsafeMutablePointer<CChar>?
            snmp_error(&session, &clibError, &snmpError, &message)
            let text = message.map { String(cString: $0) } ?? "unknown error"
            free(message)
            let kind: SNMPError.Kind = text.lowercased().contains("timeout") ? .timeout : .sessionOpen
            throw SNMPError(kind, target: target.displayName, "cannot open session: \(text)")
        }
        return SNMPSession(handle: handle, target: target)
    }
}

/// Checks a pass phrase (net-snmp wants at least 8 characters) and derives its key with `apply`,
/// which returns net-snmp's status.
private func deriveKey(_ passphrase: String, what: String, user: SNMPv3User, target: SNMPTarget, unavailable: String,
                       _ apply: (UnsafePointer<CChar>) -> Int32) throws(SNMPError) {
    guard passphrase.utf8.count >= 8 else {
        throw SNMPError(.sessionOpen, target: target.displayName,
                        "SNMPv3 user \(user.name): the \(what) pass phrase must have at least 8 characters")
    }
    guard passphrase.withCString(apply) == 0 else {
        throw SNMPError(.sessionOpen, target: target.displayName, "SNMPv3 user \(user.name): \(unavailable)")
    }
}

extension SNMPSession {
    /// For SNMPv3, learns the agent's engine ID and time with one synchronous GET of
    /// sysUpTime.0, so that later asynchronous sends never block on discovery. Does nothing for
    /// v1/v2c. Blocks for up to timeout × (retries + 1): call it off the polling threads.
    func discoverEngine() throws(SNMPError) {
        guard case .v3 = target.credentials else { return }
        guard let pdu = snmp_pdu_create(IXP_SNMP_MSG_GET) else {
            throw SNMPError(.send, target: target.displayName, "out of memory")
        }
        var sysUpTime: [CNetSNMP.oid] = [1, 3, 6, 1, 2, 1, 1, 3, 0]
        _ = snmp_add_null_var(pdu, &sysUpTime, sysUpTime.count)
        var response: UnsafeMutablePointer<netsnmp_pdu>?
        let status = snmp_sess_synch_response(handle, pdu, &response)
        defer { if let response { snmp_free_pdu(response) } }
        switch status {
        case STAT_SUCCESS:
            if let response, response.pointee.command == IXP_SNMP_MSG_REPORT {
                throw SNMPError(.authentication, target: target.displayName,
                                SNMPResponse(pdu: response, receivedAt: 0).reportDescription)
            }
        case STAT_TIMEOUT:
            throw SNMPError(.timeout, target: target.displayName,
                            "no response after \(target.retries + 1) tries of \(formatSeconds(target.timeout))"
                                + target.credentials.timeoutHint)
        default:
            throw engineError(code: ixp_sess_error_code(handle))
        }
    }
}

extension SNMPSession {
    /// The error for a failed synchronous SNMPv3 exchange, in the words the asynchronous path
    /// uses for the same USM failures.
    fileprivate func engineError(code: Int32) -> SNMPError {
        let name = target.displayName
        switch code {
        case SNMPERR_TIMEOUT:
            return SNMPError(.timeout, target: name, "no response after \(target.retries + 1) tries of "
                + "\(formatSeconds(target.timeout))" + target.credentials.timeoutHint)
        case SNMPERR_AUTHENTICATION_FAILURE, SNMPERR_USM_AUTHENTICATIONFAILURE:
            return SNMPError(.authentication, target: name, "SNMPv3: " + SNMPResponse.usmReasons[5, default: ""])
        case SNMPERR_UNKNOWN_USER_NAME, SNMPERR_USM_UNKNOWNSECURITYNAME:
            return SNMPError(.authentication, target: name, "SNMPv3: " + SNMPResponse.usmReasons[3, default: ""])
        case SNMPERR_DECRYPTION_ERR, SNMPERR_USM_DECRYPTIONERROR:
            return SNMPError(.authentication, target: name, "SNMPv3: " + SNMPResponse.usmReasons[6, default: ""])
        case SNMPERR_UNSUPPORTED_SEC_LEVEL:
            return SNMPError(.authentication, target: name, "SNMPv3: " + SNMPResponse.usmReasons[1, default: ""])
        case SNMPERR_NOT_IN_TIME_WINDOW:
            return SNMPError(.authentication, target: name, "SNMPv3: " + SNMPResponse.usmReasons[2, default: ""])
        default:
            let text = lastErrorText
            return SNMPError(.send, target: name, "SNMPv3 engine discovery failed: \(text.isEmpty ? "error \(code)" : text)")
        }
    }
}

extension SNMPv3User.AuthProtocol {
    var cValue: ixp_auth_protocol {
        switch self {
        case .md5: return IXP_AUTH_MD5
        case .sha1: return IXP_AUTH_SHA1
        case .sha224: return IXP_AUTH_SHA224
        case .sha256: return IXP_AUTH_SHA256
        case .sha384: return IXP_AUTH_SHA384
        case .sha512: return IXP_AUTH_SHA512
        }
    }
}

extension SNMPv3User.PrivProtocol {
    var cValue: ixp_priv_protocol {
        switch self {
        case .des: return IXP_PRIV_DES
        case .aes128: return IXP_PRIV_AES128
        case .aes192: return IXP_PRIV_AES192
        case .aes256: return IXP_PRIV_AES256
        }
    }
}
