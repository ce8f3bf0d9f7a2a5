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
/// A hostile or broken server cannot make it buffer without bound: its ``SMTPReplyReader``
/// limits the length of a line and of a reply, and replies nobody waits for are capped at
/// ``maximumQueuedReplies``. Anything beyond is a protocol violation that closes the connection.
final class SMTPResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// The most complete replies kept while nobody waits for one.
    static let maximumQueuedReplies = 8

    private var reader = SMTPReplyReader()
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
        reader.hasPartialReply || !replies.isEmpty
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
        reader.append(&bytes)
        do throws(SMTPChannelFailure) {
            while failure == nil, let reply = try reader.nextReply() {
                deliver(reply)
            }
        } catch {
            fail(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.transport(error))
    }

    /// Hands a reply to the waiter, or queues it.
    private func deliver(_ reply: SMTPReply) {
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
}
