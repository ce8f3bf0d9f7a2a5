import Detection
import Foundation
import Hummingbird
import HTTPListener
import Presentation

/// The detector's endpoints:
/// - `GET /api/v1/findings[?state=firing|pending|resolved|active][&limit=L&offset=O]`: the
///   findings, most severe first, each with its acknowledgement (`acknowledged`, or null),
///   paginated (500 a page by default, at most 5,000);
/// - `GET /api/v1/report`: the health report as JSON;
/// - `GET /report[?lang=en|fr]`: the health report as one self-contained HTML page.
/// Before the first evaluation the report endpoints answer 503 (an `HTTPError`).
enum DetectionAPI {
    /// A page of findings and when the detector last evaluated.
    struct FindingsDocument: Codable, Sendable {
        var evaluatedAt: Double?
        var findings: [FindingDocument]
        var page: PageInfo

        enum CodingKeys: String, CodingKey { case evaluatedAt = "evaluated_at", findings, page }
    }

    /// The finding states `?state=` takes.
    static let stateFilters = ["active", "firing", "pending", "resolved"]

    static func register(on router: Router<BasicRequestContext>, state: DetectionState,
                         acknowledgements: AcknowledgementStore? = nil, clock: @escaping @Sendable () -> Double) {
        router.get("/api/v1/findings") { request, _ -> Response in
            var findings = state.findings
            if let filter = request.uri.queryParameters.get("state") {
                switch filter {
                case "active": findings = findings.filter { $0.state != .resolved }
                case "firing", "pending", "resolved": findings = findings.filter { $0.state.rawValue == filter }
                default:
                    throw HTTPError(.badRequest, message: "state must be one of \(stateFilters.joined(separator: ", "))")
                }
            }
            let (slice, page) = try PageRequest(request, defaultLimit: 500, maximumLimit: 5_000).slice(findings)
            let acknowledged = (try? acknowledgements?.inForce(now: clock())) ?? [:]
            return try JSONResponse.make(FindingsDocument(
                evaluatedAt: state.evaluatedAt,
                findings: slice.map { FindingDocument($0, acknowledgement: $0.state == .resolved ? nil : acknowledged[$0.id]) },
                page: page))
        }
        router.get("/api/v1/report") { _, _ -> Response in
            guard let report = state.report else { throw notYet }
            let data: Data
            do {
                data = try HealthReportJSON.encode(report, pretty: false)
            } catch {
                throw HTTPError(.internalServerError, message: "the report could not be encoded: \(error)")
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/report") { request, _ -> Response in
            guard let report = state.report else { throw notYet }
            var language = report.language
            if let lang = request.uri.queryParameters.get("lang") {
                guard let chosen = Language(rawValue: lang) else { throw HTTPError(.badRequest, message: "lang must be en or fr") }
                language = chosen
            }
            let html = HealthReportHTML.render(report, language: language)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        }
    }

    /// Before the detector's first evaluation.
    static var notYet: HTTPError {
        HTTPError(.serviceUnavailable, headers: [.retryAfter: "5"],
                  message: "the detector has not evaluated yet; try again in a few seconds")
    }
}
