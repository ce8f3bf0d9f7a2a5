import CPcap
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A live capture on a network interface.
///
/// Open it (as root, or with CAP_NET_RAW), optionally drop privileges, then call `run` on a
/// thread of its own; `stop()` may be called from any other thread and makes `run` return.
/// Everything else (`statistics()`) must be called from the thread that runs `run`, or after
/// it returned; debug builds assert it.
// @unchecked Sendable: the pcap handle and the counters are confined to the thread running
// `run` (or used after it returned); the only cross-thread call is `stop()`, an atomic flag and
// `pcap_breakloop`, which libpcap documents as safe to call from another thread.
public final class LiveCapture: @unchecked Sendable {
    private let handle: OpaquePointer
    private let stopRequested = Atomic<Bool>(false)
    /// The options it was opened with.
    public let options: LiveCaptureOptions
    private var lastRaw = (received: UInt32(0), dropped: UInt32(0), ifDropped: UInt32(0))
    private var totals = CaptureStatistics()
    #if DEBUG
    /// The thread inside `run`, nil when none is.
    private let runningThread = Mutex<pthread_t?>(nil)
    #endif

    /// Opens and activates the interface with `options`, installs the BPF filter, and checks
    /// that the link type is Ethernet. Then, if `options.dropPrivilegesTo` names a user,
    /// switches to that user (the open descriptor stays usable).
    public init(options: LiveCaptureOptions) throws(CaptureError) {
        self.options = options
        var errorBuffer = [CChar](repeating: 0, count: Int(IXP_PCAP_ERRBUF_SIZE))
        guard let created = pcap_create(options.interface, &errorBuffer) else {
            throw CaptureError(.open, "\(options.interface): cannot open: \(cString(errorBuffer))")
        }
        func fail(_ kind: CaptureError.Kind, _ what: String) -> CaptureError {
            let reason = String(cString: pcap_geterr(created))
            pcap_close(created)
            return CaptureError(kind, "\(options.interface): \(what): \(reason)")
        }
        guard pcap_set_snaplen(created, Int32(clamping: options.snapLength)) == 0 else {
            throw fail(.configuration, "snap length \(options.snapLength) refused")
        }
        guard pcap_set_promisc(created, options.promiscuous ? 1 : 0) == 0 else {
            throw fail(.configuration, "promiscuous mode refused")
        }
        guard pcap_set_buffer_size(created, Int32(clamping: options.bufferSize)) == 0 else {
            throw fail(.configuration, "buffer size \(options.bufferSize) refused")
        }
        guard pcap_set_timeout(created, Int32(clamping: options.timeoutMilliseconds)) == 0 else {
            throw fail(.configuration, "timeout refused")
        }
        _ = pcap_set_tstamp_precision(created, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let activated = pcap_activate(created)
        if activated < 0 {
            throw fail(.open, "cannot activate capture (are you root or CAP_NET_RAW?)")
        }
        let linkType = pcap_datalink(created)
        guard linkType == IXP_DLT_EN10MB else {
            pcap_close(created)
            throw CaptureError(
                .unsupportedLinkType, "\(options.interface): unsupported link type \(linkType); need Ethernet")
        }
        if !options.filter.isEmpty {
            var program = bpf_program()
            guard pcap_compile(created, &program, options.filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                throw fail(.configuration, "bad BPF filter \"\(options.filter)\"")
            }
            let installed = pcap_setfilter(created, &program)
            pcap_freecode(&program)
            guard installed == 0 else { throw fail(.configuration, "cannot install BPF filter") }
        }
        self.handle = created
        if let user = options.dropPrivilegesTo {
            try LiveCapture.dropPrivileges(to: user)
        }
    }

    deinit {
        pcap_close(handle)
    }

    /// Reads frames until `stop()` is called or the device fails, decoding each with `decoder`
    /// and passing it to `onFrame`. `onIdle` is called whenever a read times out with no frame
    /// (at most every `timeoutMilliseconds`), so the caller can roll time forward.
    public func run(
        decoder: FrameDecoder, onFrame: (FrameHeader, DecodedFrame) -> Void, onIdle: () -> Void
    ) throws(CaptureError) {
        #if DEBUG
        runningThread.withLock { $0 = pthread_self() }
        defer { runningThread.withLock { $0 = nil } }
        #endif
        var headerPointer: UnsafeMutablePointer<pcap_pkthdr>?
        var dataPointer: UnsafePointer<UInt8>?
        // Non-blocking reads plus our own poll(2): with TPACKET_V3 libpcap blocks until the
        // kernel retires a block, which never happens on a silent link, so a blocking read would
        // never let `onIdle` close a quiet minute.
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        let nonBlocking = pcap_setnonblock(handle, 1, &errorBuffer) == 0
        let selectable = nonBlocking ? pcap_get_selectable_fd(handle) : -1
        let idleMilliseconds = Int32(clamping: max(1, options.timeoutMilliseconds))
        while true {
            let status = pcap_next_ex(handle, &headerPointer, &dataPointer)
            if status == 0, selectable >= 0 {
                // A non-blocking read with nothing to read does not look at the break flag.
                if stopRequested.load(ordering: .acquiring) { return }
                var descriptor = pollfd(fd: selectable, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, idleMilliseconds) == 0 { onIdle() }
                continue
            }
            if status == 1, let header = headerPointer, let data = dataPointer {
                let h = header.pointee
                let captured = Int(h.caplen)
                let frameHeader = FrameHeader(
                    timestampNanoseconds: Int64(h.ts.tv_sec) &* 1_000_000_000 &+ Int64(h.ts.tv_usec),
                    capturedLength: captured, wireLength: Int(h.len))
                onFrame(frameHeader, decoder.decode(UnsafeRawBufferPointer(start: data, count: captured), wireLength: Int(h.len)))
            } else if status == 0 {
                onIdle()
            } else if status == PCAP_ERROR_BREAK {
                return
            } else {
                throw CaptureError(.read, "\(options.interface): capture failed: \(String(cString: pcap_geterr(handle)))")
            }
        }
    }

    /// Makes `run` return soon; safe from any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        pcap_breakloop(handle)
    }

    /// The cumulative drop counters, with libpcap's 32-bit counters unwrapped.
    /// Call from the capture thread (between frames) or after `run` returned.
    public func statistics() -> CaptureStatistics {
        #if DEBUG
        assert(runningThread.withLock { running in running.map { pthread_equal($0, pthread_self()) != 0 } ?? true },
               "LiveCapture.statistics() called off the capture thread while it runs")
        #endif
        var raw = pcap_stat()
        guard pcap_stats(handle, &raw) == 0 else { return totals }
        totals.received &+= UInt64(raw.ps_recv &- lastRaw.received)
        totals.dropped &+= UInt64(raw.ps_drop &- lastRaw.dropped)
        totals.droppedByInterface &+= UInt64(raw.ps_ifdrop &- lastRaw.ifDropped)
        lastRaw = (raw.ps_recv, raw.ps_drop, raw.ps_ifdrop)
        return totals
    }

    /// Switches the process to `user` (its primary group, no supplementary groups).
    /// Does nothing when already running as that user.
    public static func dropPrivileges(to user: String) throws(CaptureError) {
        guard let entry = getpwnam(user) else {
            throw CaptureError(.privileges, "cannot drop privileges: no user named \(user)")
        }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        if getuid() == uid && geteuid() == uid { return }
        var groups = [gid]
        guard setgroups(1, &groups) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw CaptureError(.privileges, "cannot drop privileges to \(user): errno \(errno)")
        }
        guard setuid(0) != 0 else {
            throw CaptureError(.privileges, "dropped to \(user) but could regain root; refusing to continue")
        }
        // A thread glibc did not switch (the main thread, parked by Swift's async main) is
        // switched through a signal; then every thread must hold the user's ids.
        for thread in threadsNotRunningAs(uid: uid) {
            let result = ixp_switch_thread_credentials(thread, uid, gid)
            guard result == 0 else {
                throw CaptureError(.privileges, "cannot drop privileges to \(user) on thread \(thread) (\(result)); refusing to continue")
            }
        }
        let remaining = threadsNotRunningAs(uid: uid)
        guard remaining.isEmpty else {
            throw CaptureError(.privileges, "threads \(remaining) still run as root after dropping to \(user); refusing to continue")
        }
    }

    /// The threads of this process whose real, effective, saved or file-system user id is not
    /// `uid` (from /proc/self/task/*/status).
    static func threadsNotRunningAs(uid: uid_t) -> [pid_t] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var threads: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let tid = pid_t(name), let ids = userIDs(ofThread: name) else { continue }
            if ids.contains(where: { $0 != uid }) { threads.append(tid) }
        }
        return threads
    }

    /// The four user ids on the `Uid:` line of a thread's status file.
    private static func userIDs(ofThread name: String) -> [uid_t]? {
        let descriptor = open("/proc/self/task/\(name)/status", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }) else { return nil }
        return line.dropFirst(4).split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { uid_t($0) }
    }
}
