import Alerting
import Foundation
import Hummingbird
import HTTPListener

/// The silence endpoints (JSON; errors are `HTTPError`s, `{"error": {"message": "…"}}`):
/// - `GET /api/v1/silences[?all=true][&limit=L&offset=O]`: silences in force or to come (with
///   `all`, also ended ones), those of the configuration file first; paginated (500 a page by default);
/// - `POST /api/v1/silences`: adds one from `{"matchers": [{"name": "rule", "value": "port_down"}],
///   "duration": "2h" | seconds | "ends_at": unix, "comment": "…", "created_by": "…"}`; answers 201
///   with the silence;
/// - `DELETE /api/v1/silences/{id}`: ends it now; 404 when there is no such silence.
enum SilencesAPI {
    /// The largest request body accepted, bytes.
    static let maximumBodySize = 16 * 1024
    /// The longest silence, seconds (a year).
    static let maximumDuration: Double = 366 * 86_400

    static func register(on router: Router<BasicRequestContext>, store: SilenceStore, configured: [Silence],
                         clock: @escaping @Sendable () -> Double) {
        router.get("/api/v1/silences") { request, _ -> Response in
            let now = clock()
            let all = request.uri.queryParameters.get("all") == "true"
            let page = try PageRequest(request, defaultLimit: 500, maximumLimit: 5_000)
            let stored: [Silence]
            do {
                stored = try store.list(now: now, includeExpired: all)
            } catch {
                throw HTTPError(.internalServerError, message: "the silences cannot be read: \(error)")
            }
            let fromFile = configured.filter { all || $0.endsAt > now }
            let (slice, info) = page.slice(fromFile + stored)
            return try JSONResponse.make(SilencesDocument(
                silences: slice.map { SilenceDocument($0, now: now, configured: configured) }, page: info))
        }
        router.post("/api/v1/silences") { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maximumBodySize)
            } catch {
                throw HTTPError(.contentTooLarge, message: "the request body is larger than \(maximumBodySize) bytes")
            }
            let now = clock()
            let silence: Silence
            do {
                silence = try parse(Data(body.readableBytesView), now: now)
            } catch let error as AlertingConfigurationError {
                throw HTTPError(.badRequest, message: error.message)
            } catch {
                throw HTTPError(.badRequest, message: "the body is not a silence: \(error)")
            }
            do {
                try store.add(silence)
            } catch let error as AlertingConfigurationError {
                throw HTTPError(.badRequest, message: error.message)
            } catch {
                throw HTTPError(.internalServerError, message: "the silence cannot be saved: \(error)")
            }
            return try JSONResponse.make(SilenceDocument(silence, now: now, configured: configured), status: .created)
        }
        router.delete("/api/v1/silences/:id") { _, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.badRequest, message: "no silence id") }
            let now = clock()
            if configured.contains(where: { $0.id == id }) {
                throw HTTPError(.conflict, message: "the silence \(id) is in the configuration file; remove it there")
            }
            let expired: Silence?
            do {
                guard try store.silence(id: id) != nil else { throw HTTPError(.notFound, message: "no silence \(id)") }
                try store.expire(id: id, now: now)
                expired = try store.silence(id: id)
            } catch let error as HTTPError {
                throw error
            } catch {
                throw HTTPError(.internalServerError, message: "the silence cannot be expired: \(error)")
            }
            guard let expired else { throw HTTPError(.notFound, message: "no silence \(id)") }
            return try JSONResponse.make(SilenceDocument(expired, now: now, configured: configured))
        }
    }

    /// What `POST` takes.
    struct NewSilence: Decodable {
        struct Matcher: Decodable {
            var name: String
            var value: String
            var is_glob: Bool?
        }
        var matchers: [Matcher]
        var duration: Duration?
        var ends_at: Double?
        var comment: String?
        var created_by: String?

        /// Seconds, or text like `2h`.
        struct Duration: Decodable {
            var seconds: Double?
            var text: String?

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Double.self) { seconds = number } else { text = try container.decode(String.self) }
            }
        }
    }

    /// A checked silence from a `POST` body.
    static func parse(_ data: Data, now: Double) throws -> Silence {
        let request: NewSilence
        do {
            request = try JSONDecoder().decode(NewSilence.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw AlertingConfigurationError("the silence has no '\(key.stringValue)'")
        } catch {
            throw AlertingConfigurationError(
                "expected JSON like {\"matchers\": [{\"name\": \"rule\", \"value\": \"port_down\"}], \"duration\": \"2h\", \"comment\": \"…\"}")
        }
        guard !request.matchers.isEmpty else { throw AlertingConfigurationError("a silence needs at least one matcher") }
        guard request.matchers.count <= 20 else { throw AlertingConfigurationError("at most 20 matchers") }
        for matcher in request.matchers {
            guard SilenceMatcher.isLabelName(matcher.name) else {
                throw AlertingConfigurationError("'\(matcher.name)' is not a label name (rule, severity, subject, member_asn, switch, …)")
            }
            guard matcher.value.count <= 256, !matcher.value.contains(where: \.isNewline) else {
                throw AlertingConfigurationError("the value of \(matcher.name) is too long or has a line break")
            }
        }
        let endsAt: Double
        switch (request.duration, request.ends_at) {
        case (let duration?, nil):
            guard let seconds = duration.seconds ?? duration.text.flatMap(parseDuration), seconds > 0, seconds.isFinite else {
                throw AlertingConfigurationError("duration must be a positive number of seconds or text like 30m, 2h, 1d")
            }
            endsAt = now + seconds
        case (nil, let end?):
            endsAt = end
        default:
            throw AlertingConfigurationError("give exactly one of duration and ends_at")
        }
        guard endsAt > now else { throw AlertingConfigurationError("the silence would end in the past") }
        guard endsAt - now <= maximumDuration else { throw AlertingConfigurationError("a silence lasts at most a year") }
        let comment = request.comment ?? ""
        let author = request.created_by ?? "api"
        guard comment.count <= 1_000, author.count <= 100 else {
            throw AlertingConfigurationError("comment (1000) or created_by (100 characters) is too long")
        }
        return Silence(
            id: UUID().uuidString.lowercased(),
            matchers: request.matchers.map { SilenceMatcher(name: $0.name, value: $0.value, isGlob: $0.is_glob) },
            startsAt: now, endsAt: endsAt, createdBy: author, comment: comment)
    }

    /// `90`, `30s`, `15m`, `2h`, `1d`, `1w`.
    static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        guard let unit = trimmed.last, let factor = units[unit], let number = Double(trimmed.dropLast()) else { return nil }
        return number * factor
    }

    /// A page of silences.
    struct SilencesDocument: Codable, Sendable {
        var silences: [SilenceDocument]
        var page: PageInfo
    }

    /// A silence as the API shows it.
    struct SilenceDocument: Codable, Sendable {
        var id: String
        var matchers: [SilenceMatcher]
        var starts_at: Double
        var ends_at: Double
        var created_by: String
        var comment: String
        var state: String
        var source: String

        init(_ silence: Silence, now: Double, configured: [Silence]) {
            id = silence.id
            matchers = silence.matchers
            starts_at = silence.startsAt
            ends_at = silence.endsAt
            created_by = silence.createdBy
            comment = silence.comment
            state = silence.isActive(at: now) ? "active" : silence.endsAt <= now ? "expired" : "pending"
            source = configured.contains { $0.id == silence.id } ? "configuration" : "api"
        }
    }
}
