import NIOCore

/// Why waiting for a reply failed, inside the channel; ``SMTPConversation`` turns it into an
/// ``SMTPError`` naming the step.
enum SMTPChannelFailure: Error {
    /// No reply within the step's timeout.
    case timeout(seconds: Double)
    /// The server closed the connection.
    case closed
    /// The server sent something that is not an SMTP reply, or too much of it.
    case protocolViolation(String)
    /// The channel reported an error (a TLS handshake failure, a reset connection).
    case transport(any Error)
}

/// Reads the server's bytes and turns them into ``SMTPReply`` values, one waiter at a time.
///
/// A hostile or broken server cannot make it buffer without bound: a reply line may be at most
/// ``maximumLineLength`` bytes (RFC 5321 allows 512) and a reply at most ``maximumLines`` lines;
/// replies nobody waits for are capped at ``maximumQueuedReplies``. Anything beyond is a
/// protocol violation that closes the connection.
final class SMTPResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// The longest reply line accepted, CRLF included.
    static let maximumLineLength = 2048
    /// The most lines one (multi-line) reply may have.
    static let maximumLines = 100
    /// The most complete replies kept while nobody waits for one.
    static let maximumQueuedReplies = 8

    private var buffer = ByteBuffer()
    private var partialCode: Int?
    private var partialLines: [String] = []
    private var replies: [SMTPReply] = []
    private var waiter: EventLoopPromise<SMTPReply>?
    private var timeout: Scheduled<Void>?
    private var failure: SMTPChannelFailure?
    private var context: ChannelHandlerContext?

    init() {}

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Whether bytes or replies arrived that nobody asked for yet. After the server's 220 to
    /// STARTTLS there must be none: anything already received was sent in plaintext and could
    /// have been injected (CVE-2011-0411), so the session is refused.
    var hasUnprocessedInput: Bool {
        buffer.readableBytes > 0 || partialCode != nil || !replies.isEmpty
    }

    /// The next reply, or a failure after `seconds`. Only one waiter at a time.
    func nextReply(timeout seconds: Double, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty {
            return eventLoop.makeSucceededFuture(replies.removeFirst())
        }
        if let failure {
            return eventLoop.makeFailedFuture(failure)
        }
        if waiter != nil {
            return eventLoop.makeFailedFuture(SMTPChannelFailure.protocolViolation("a reply was awaited twice"))
        }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiter = promise
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        timeout = eventLoop.scheduleTask(in: .nanoseconds(Int64(max(0.001, seconds) * 1e9))) {
            bound.value.fail(.timeout(seconds: seconds))
        }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard failure == nil else { return }
        var bytes = unwrapInboundIn(data)
        buffer.writeBuffer(&bytes)
        parse()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.transport(error))
    }

    private func parse() {
        while failure == nil, let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex + 1
            guard length <= Self.maximumLineLength, var line = buffer.readBytes(length: length) else {
                fail(.protocolViolation("a reply line is longer than \(Self.maximumLineLength) bytes"))
                return
            }
            line.removeLast()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            take(line)
        }
        if failure == nil, buffer.readableBytes > Self.maximumLineLength {
            fail(.protocolViolation("a reply line is longer than \(Self.maximumLineLength) bytes"))
        }
        buffer.discardReadBytes()
    }

    private func take(_ line: [UInt8]) {
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            fail(.protocolViolation("not an SMTP reply: \(Self.printable(line))"))
            return
        }
        let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (200...599).contains(code) else {
            fail(.protocolViolation("reply code \(code) is out of range"))
            return
        }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            fail(.protocolViolation("not an SMTP reply: \(Self.printable(line))"))
            return
        }
        if let partialCode, partialCode != code {
            fail(.protocolViolation("a multi-line reply changed its code from \(partialCode) to \(code)"))
            return
        }
        partialCode = code
        partialLines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard partialLines.count <= Self.maximumLines else {
            fail(.protocolViolation("a reply has more than \(Self.maximumLines) lines"))
            return
        }
        guard separator == UInt8(ascii: " ") else { return }
        let reply = SMTPReply(code: code, lines: partialLines)
        partialCode = nil
        partialLines = []
        if let waiter {
            self.waiter = nil
            timeout?.cancel()
            timeout = nil
            waiter.succeed(reply)
        } else if replies.count < Self.maximumQueuedReplies {
            replies.append(reply)
        } else {
            fail(.protocolViolation("the server sent more than \(Self.maximumQueuedReplies) replies nobody asked for"))
        }
    }

    /// Records the first failure, fails the waiter and closes the connection.
    private func fail(_ failure: SMTPChannelFailure) {
        if self.failure == nil { self.failure = failure }
        timeout?.cancel()
        timeout = nil
        if let waiter {
            self.waiter = nil
            waiter.fail(self.failure ?? failure)
        }
        if case .closed = failure { return }
        context?.close(promise: nil)
    }

    private static func printable(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(80), as: UTF8.self)
        return "\"" + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined() + "\""
    }
}
