// libFuzzer entry point for the SMTP client's reply reader (Sources/Alerting/SMTP,
// `SMTPResponseHandler`). Built by Fuzz/run.sh against the package's built swift-nio; see
// Fuzz/README.md.
import NIOCore
import NIOEmbedded

/// Feeds one input to the reply reader as a server's bytes, cut into reads of the size the
/// first byte gives, asking for a reply after every read. Every reply it gives must have a code
/// from 200 to 599 and between one and `maximumLines` lines; a trap, a leak or a sanitizer
/// report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPReplies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] % 64) + 1
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let channel = EmbeddedChannel()
    let handler = SMTPResponseHandler()
    guard (try? channel.pipeline.syncOperations.addHandler(handler)) != nil else { return 0 }
    func check(_ future: EventLoopFuture<SMTPReply>) {
        future.whenSuccess { reply in
            if !(200...599).contains(reply.code) || reply.lines.isEmpty || reply.lines.count > SMTPResponseHandler.maximumLines {
                fatalError("bad reply \(reply)")
            }
            _ = reply.description
        }
    }
    var start = 0
    var open = true
    while start < bytes.count, open {
        let end = min(start + chunk, bytes.count)
        var buffer = channel.allocator.buffer(capacity: end - start)
        buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        // Fails once the handler has closed the channel (a protocol violation).
        open = (try? channel.writeInbound(buffer)) != nil
        check(handler.nextReply(timeout: 60, on: channel.eventLoop))
        channel.embeddedEventLoop.run()
        start = end
    }
    _ = handler.hasUnprocessedInput
    _ = try? channel.finish()
    channel.embeddedEventLoop.run()
    return 0
}
