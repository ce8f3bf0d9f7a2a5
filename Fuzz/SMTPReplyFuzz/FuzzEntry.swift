// libFuzzer entry point for the SMTP client's reply reader (Sources/Alerting/SMTP,
// `SMTPReplyReader` and the channel handler around it, `SMTPResponseHandler`). Built by
// Fuzz/run.sh against the package's built swift-nio; see Fuzz/README.md.
import NIOCore
import NIOEmbedded

/// How many inputs have run; every `channelEvery`-th one (the first included, so that a saved
/// input reproduces on its own) also goes through the channel handler.
nonisolated(unsafe) private var executions = 0
private let channelEvery = 16

/// Feeds one input to the reply reader as a server's bytes, cut into reads of the size the
/// first byte gives, taking every reply after each read; then once more in one read. Every
/// reply must have a code from 200 to 599 and between one and `maximumLines` lines, and the
/// cut may not matter: both ways give the same replies and the same verdict. Every sixteenth
/// input also goes through `SMTPResponseHandler` on an `EmbeddedChannel`, asking for a reply
/// after every read: what it hands out must be the reader's replies, in order. A trap, a leak
/// or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPReplies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] % 64) + 1
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    var input = ByteBuffer()
    input.writeBytes(bytes)
    let cut = read(input, chunk: chunk)
    let whole = read(input, chunk: max(1, bytes.count))
    if cut.replies != whole.replies || cut.failed != whole.failed {
        fatalError("reads of \(chunk) bytes gave \(cut), one read gave \(whole)")
    }
    defer { executions += 1 }
    if executions % channelEvery == 0 {
        let handed = throughChannel(bytes, chunk: chunk)
        if handed.count > cut.replies.count || Array(cut.replies.prefix(handed.count)) != handed {
            fatalError("the handler handed out \(handed), the reader read \(cut.replies)")
        }
    }
    return 0
}

/// Reads `bytes` with one `SMTPReplyReader` in reads of `chunk` bytes: the replies up to the
/// first protocol violation, and whether there was one.
private func read(_ bytes: ByteBuffer, chunk: Int) -> (replies: [SMTPReply], failed: Bool) {
    var reader = SMTPReplyReader()
    var replies: [SMTPReply] = []
    var start = 0
    do throws(SMTPChannelFailure) {
        while start < bytes.readableBytes {
            let end = min(start + chunk, bytes.readableBytes)
            guard var read = bytes.getSlice(at: start, length: end - start) else { fatalError("no slice \(start)..<\(end)") }
            reader.append(&read)
            while let reply = try reader.nextReply() {
                check(reply)
                replies.append(reply)
            }
            start = end
        }
    } catch {
        guard case .protocolViolation(let message) = error, !message.isEmpty else { fatalError("bad failure \(error)") }
        return (replies, true)
    }
    _ = reader.hasPartialReply
    return (replies, false)
}

private func check(_ reply: SMTPReply) {
    if !(200...599).contains(reply.code) || reply.lines.isEmpty || reply.lines.count > SMTPReplyReader.maximumLines {
        fatalError("bad reply \(reply)")
    }
    _ = reply.description
}

/// Collects the replies the handler hands out (the embedded loop runs callbacks on this thread).
private final class Handed: @unchecked Sendable {
    var replies: [SMTPReply] = []
}

/// Feeds `bytes` to an `SMTPResponseHandler` on an `EmbeddedChannel` in reads of `chunk` bytes,
/// asking for a reply after each; the replies it handed out. The handler may not leak (a
/// protocol violation closes the channel).
private func throughChannel(_ bytes: UnsafeBufferPointer<UInt8>, chunk: Int) -> [SMTPReply] {
    let channel = EmbeddedChannel()
    let handler = SMTPResponseHandler()
    guard (try? channel.pipeline.syncOperations.addHandler(handler)) != nil else { return [] }
    let handed = Handed()
    var start = 0
    var open = true
    while start < bytes.count, open {
        let end = min(start + chunk, bytes.count)
        var buffer = channel.allocator.buffer(capacity: end - start)
        buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        // Fails once the handler has closed the channel (a protocol violation).
        open = (try? channel.writeInbound(buffer)) != nil
        handler.nextReply(timeout: 60, on: channel.eventLoop).whenSuccess { reply in
            check(reply)
            handed.replies.append(reply)
        }
        channel.embeddedEventLoop.run()
        start = end
    }
    _ = handler.hasUnprocessedInput
    _ = try? channel.finish()
    channel.embeddedEventLoop.run()
    return handed.replies
}
