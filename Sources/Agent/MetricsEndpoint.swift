import Exposition
import Hummingbird
import ProbeKit
import Synchronization
import IXPCore

/// What `GET /metrics` answers, rendered once per collection rather than once per scrape.
///
/// The rendering of each format is cached with the registry generation it was made from, and
/// its gzip beside it once a scraper asks for gzip. A scrape re-renders only when a probe or a
/// part of the agent has published since (the generation moved) or the rendering is older than
/// `ttl` (the store's own counters move without publishing). While one scrape renders, others
/// get the previous bytes: a scrape never waits on a poll, on the capture or on another scrape.
final class MetricsEndpoint: Sendable {
    /// A response body and whether it is gzip-compressed.
    struct Body: Sendable {
        /// The bytes to send.
        var bytes: ByteBuffer
        /// Whether `bytes` is gzip (send `Content-Encoding: gzip`).
        var gzipped: Bool
    }

    private struct Rendering: Sendable {
        var generation: UInt64
        var renderedAt: Double
        var plain: ByteBuffer
        var gzipped: ByteBuffer?
    }

    private struct State: Sendable {
        var renderings: [ExpositionFormat: Rendering] = [:]
        var rendering: Set<ExpositionFormat> = []
        var renders = 0
    }

    /// The longest a rendering is served while the generation stands still, seconds.
    let ttl: Double
    private let clock: @Sendable () -> Double
    private let generation: @Sendable () -> UInt64
    private let families: @Sendable () -> [MetricFamily]
    private let state = Mutex(State())

    /// A cache over `families`, whose output changes when `generation` moves (or after `ttl`).
    init(ttl: Double = 2, clock: @escaping @Sendable () -> Double, generation: @escaping @Sendable () -> UInt64,
         families: @escaping @Sendable () -> [MetricFamily]) {
        self.ttl = ttl
        self.clock = clock
        self.generation = generation
        self.families = families
    }

    /// How many times it has rendered (for tests: scrapes between collections do not render).
    var renderCount: Int { state.withLock { $0.renders } }

    /// The body for a scrape in `format`, gzipped when `gzip` and compression works.
    func body(format: ExpositionFormat, gzip: Bool) -> Body {
        enum Step {
            case serve(Body)
            case compress(Rendering)
            case render
        }
        let now = clock()
        let current = generation()
        let step: Step = state.withLock { state in
            if let rendering = state.renderings[format] {
                let fresh = rendering.generation == current && now - rendering.renderedAt < ttl
                // Stale but another scrape is rendering: the previous bytes now beat new ones later.
                if fresh || state.rendering.contains(format) {
                    guard gzip else { return .serve(Body(bytes: rendering.plain, gzipped: false)) }
                    if let gzipped = rendering.gzipped { return .serve(Body(bytes: gzipped, gzipped: true)) }
                    return .compress(rendering)
                }
            }
            state.rendering.insert(format)
            state.renders += 1
            return .render
        }
        switch step {
        case .serve(let body):
            return body
        case .compress(let rendering):
            guard let gzipped = Self.compress(rendering.plain) else { return Body(bytes: rendering.plain, gzipped: false) }
            state.withLock { state in
                if state.renderings[format]?.renderedAt == rendering.renderedAt,
                   state.renderings[format]?.generation == rendering.generation {
                    state.renderings[format]?.gzipped = gzipped
                }
            }
            return Body(bytes: gzipped, gzipped: true)
        case .render:
            let text = format.render(families())
            let plain = ByteBuffer(string: text)
            let gzipped = gzip ? Self.compress(plain) : nil
            state.withLock { state in
                state.renderings[format] = Rendering(generation: current, renderedAt: now, plain: plain, gzipped: gzipped)
                state.rendering.remove(format)
            }
            if let gzipped { return Body(bytes: gzipped, gzipped: true) }
            return Body(bytes: plain, gzipped: false)
        }
    }

    private static func compress(_ plain: ByteBuffer) -> ByteBuffer? {
        guard let bytes = try? Gzip.compress(Array(plain.readableBytesView)) else { return nil }
        return ByteBuffer(bytes: bytes)
    }

    /// Whether an `Accept-Encoding` header admits gzip (`gzip`, `x-gzip` or `*`, with a quality above 0).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for coding in header.split(separator: ",") {
            let parts = coding.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            guard let name = parts.first, ["gzip", "x-gzip", "*"].contains(name) else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0 { return true }
        }
        return false
    }
}
