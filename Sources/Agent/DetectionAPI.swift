import Detection
import Foundation
import Hummingbird

/// The detector's endpoints:
/// - `GET /api/v1/findings[?state=firing|pending|resolved|active]`: the findings, most severe first;
/// - `GET /api/v1/report`: the health report as JSON;
/// - `GET /report[?lang=en|fr]`: the health report as one self-contained HTML page.
/// Before the first evaluation the report endpoints answer 503 with a JSON message.
enum DetectionAPI {
    static func register(on router: Router<BasicRequestContext>, state: DetectionState) {
        router.get("/api/v1/findings") { request, _ -> Response in
            var findings = state.findings
            if let filter = request.uri.queryParameters.get("state") {
                switch filter {
                case "active": findings = findings.filter { $0.state != .resolved }
                case "firing", "pending", "resolved": findings = findings.filter { $0.state.rawValue == filter }
                default: return error(.badRequest, "state must be one of active, firing, pending, resolved")
                }
            }
            let document = FindingsDocument(evaluatedAt: state.evaluatedAt, findings: findings)
            return json(document)
        }
        router.get("/api/v1/report") { _, _ -> Response in
            guard let report = state.report else { return notYet() }
            do {
                let data = try HealthReportJSON.encode(report)
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            } catch {
                return Self.error(.internalServerError, "the report could not be encoded: \(error)")
            }
        }
        router.get("/report") { request, _ -> Response in
            guard let report = state.report else { return notYet() }
            var language = report.language
            if let lang = request.uri.queryParameters.get("lang") {
                guard let chosen = Language(rawValue: lang) else { return error(.badRequest, "lang must be en or fr") }
                language = chosen
            }
            let html = HealthReportHTML.render(report, language: language)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        }
    }

    struct FindingsDocument: Encodable {
        var evaluatedAt: Double?
        var findings: [Finding]

        enum CodingKeys: String, CodingKey { case evaluatedAt = "evaluated_at", findings }
    }

    static func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard let data = try? encoder.encode(value) else { return error(.internalServerError, "the response could not be encoded") }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func notYet() -> Response {
        error(.serviceUnavailable, "the detector has not evaluated yet; try again in a few seconds")
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let data = (try? JSONEncoder().encode(["error": message])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
