import CPcap

/// A capture file (pcap or pcapng) opened for reading with libpcap.
///
/// Frames are decoded in place from libpcap's buffer and handed to the caller as values;
/// no pointer into that buffer leaves this type.
public final class OfflineCapture {
    let handle: OpaquePointer
    /// The file's path.
    public let path: String

    /// Opens `path`. Throws `.open` when the file cannot be read or is not a capture, and
    /// `.unsupportedLinkType` when its frames are not Ethernet.
    public init(path: String) throws(CaptureError) {
        self.path = path
        var errorBuffer = [CChar](repeating: 0, count: Int(IXP_PCAP_ERRBUF_SIZE))
        guard let opened = pcap_open_offline_with_tstamp_precision(
            path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer)
        else {
            throw CaptureError(.open, "\(path): cannot read capture: \(cString(errorBuffer))")
        }
        let linkType = pcap_datalink(opened)
        guard linkType == IXP_DLT_EN10MB else {
            let name = pcap_datalink_val_to_name(linkType).map { String(cString: $0) } ?? "DLT \(linkType)"
            pcap_close(opened)
            throw CaptureError(
                .unsupportedLinkType,
                "\(path): unsupported link type \(name) (\(linkType)); only Ethernet (EN10MB) captures can be analysed")
        }
        self.handle = opened
    }

    deinit {
        pcap_close(handle)
    }

    /// Reads every frame in order, decodes it with `decoder` and calls `body` with it.
    /// Returns the number of frames read. Throws `.read` when the file is truncated or corrupt
    /// (after `body` has seen every frame before the damage).
    ///
    /// Reads with `pcap_dispatch` (libpcap's batched read), so there is one call into libpcap
    /// per file rather than one per frame.
    @discardableResult
    public func forEachFrame(
        decoder: FrameDecoder, _ body: (FrameHeader, DecodedFrame) -> Void
    ) throws(CaptureError) -> Int {
        let (status, count) = withoutActuallyEscaping(body) { escapable -> (Int32, Int) in
            let context = DispatchContext(decoder: decoder, body: escapable)
            let status = withExtendedLifetime(context) {
                pcap_dispatch(handle, -1, { user, header, data in
                    guard let user, let header, let data else { return }
                    let context = Unmanaged<DispatchContext>.fromOpaque(UnsafeRawPointer(user)).takeUnretainedValue()
                    context.deliver(header.pointee, data)
                }, Unmanaged.passUnretained(context).toOpaque().assumingMemoryBound(to: UInt8.self))
            }
            return (status, context.count)
        }
        if status < 0 && status != PCAP_ERROR_BREAK {
            let reason = String(cString: pcap_geterr(handle))
            throw CaptureError(.read, "\(path): truncated or corrupt capture after \(count) frames: \(reason)")
        }
        return count
    }
}

/// What `pcap_dispatch`'s C callback needs: the decoder and the caller's closure.
private final class DispatchContext {
    let decoder: FrameDecoder
    let body: (FrameHeader, DecodedFrame) -> Void
    var count = 0

    init(decoder: FrameDecoder, body: @escaping (FrameHeader, DecodedFrame) -> Void) {
        self.decoder = decoder
        self.body = body
    }

    @inline(__always)
    func deliver(_ h: pcap_pkthdr, _ data: UnsafePointer<UInt8>) {
        let captured = Int(h.caplen)
        let header = FrameHeader(
            timestampNanoseconds: Int64(h.ts.tv_sec) &* 1_000_000_000 &+ Int64(h.ts.tv_usec),
            capturedLength: captured, wireLength: Int(h.len))
        body(header, decoder.decode(UnsafeRawBufferPointer(start: data, count: captured), wireLength: Int(h.len)))
        count += 1
    }
}

extension OfflineCapture {
    func forEachRawFrame(_ body: ([UInt8]) -> Void) throws(CaptureError) {
        var headerPointer: UnsafeMutablePointer<pcap_pkthdr>?
        var dataPointer: UnsafePointer<UInt8>?
        while true {
            let status = pcap_next_ex(handle, &headerPointer, &dataPointer)
            if status == 1, let header = headerPointer, let data = dataPointer {
                body(Array(UnsafeBufferPointer(start: data, count: Int(header.pointee.caplen))))
            } else if status == PCAP_ERROR_BREAK {
                return
            } else {
                throw CaptureError(.read, "\(path): \(String(cString: pcap_geterr(handle)))")
            }
        }
    }
}

func cString(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { pointer in
        String(decoding: pointer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
