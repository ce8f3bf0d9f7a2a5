import Detection
import Foundation
import Hummingbird
import HTTPListener

/// The acknowledgement endpoints (JSON; errors are `HTTPError`s, `{"error": {"message": "…"}}`).
/// A finding is named by its `fingerprint` (or its `id`, `rule|subject`, percent-encoded):
/// - `POST /api/v1/findings/{finding}/acknowledge`: `{"by": "…", "comment": "…", "expires": "3d" |
///   seconds}` (`expires` optional) acknowledges the active finding, replacing an earlier
///   acknowledgement; answers 201 with the finding. The body must be `application/json` (415
///   otherwise), which a page of another site cannot send without the agent's consent;
/// - `DELETE /api/v1/findings/{finding}/acknowledge`: withdraws it; answers 200 with the finding.
/// 404 for a finding the detector does not hold (or, for `DELETE`, one not acknowledged), 409
/// for a resolved one. The acknowledgement ends when the finding resolves.
enum AcknowledgementsAPI {
    /// The largest request body accepted, bytes.
    static let maximumBodySize = 16 * 1024
    /// The longest acknowledgement, seconds (a year).
    static let maximumDuration: Double = 366 * 86_400

    static func register(on router: Router<BasicRequestContext>, state: DetectionState, store: AcknowledgementStore,
                         clock: @escaping @Sendable () -> Double) {
        router.post("/api/v1/findings/:finding/acknowledge") { request, context -> Response in
            let finding = try activeFinding(context.parameters.get("finding"), in: state)
            let contentType = request.headers[.contentType] ?? ""
            guard contentType.lowercased().hasPrefix("application/json") else {
                throw HTTPError(.unsupportedMediaType, message: "send the acknowledgement as application/json")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maximumBodySize)
            } catch {
                throw HTTPError(.contentTooLarge, message: "the request body is larger than \(maximumBodySize) bytes")
            }
            let now = clock()
            let acknowledgement = try parse(Data(body.readableBytesView), findingID: finding.id, now: now)
            do {
                try store.acknowledge(acknowledgement)
            } catch {
                throw HTTPError(.internalServerError, message: "the acknowledgement cannot be saved: \(error)")
            }
            return try JSONResponse.make(FindingDocument(finding, acknowledgement: acknowledgement), status: .created)
        }
        router.delete("/api/v1/findings/:finding/acknowledge") { _, context -> Response in
            let finding = try knownFinding(context.parameters.get("finding"), in: state)
            let withdrawn: Bool
            do {
                withdrawn = try store.withdraw(findingID: finding.id)
            } catch {
                throw HTTPError(.internalServerError, message: "the acknowledgement cannot be withdrawn: \(error)")
            }
            guard withdrawn else { throw HTTPError(.notFound, message: "the finding \(finding.fingerprint) is not acknowledged") }
            return try JSONResponse.make(FindingDocument(finding, acknowledgement: nil))
        }
    }

    /// The finding the path names, by fingerprint or (percent-encoded) id; 404 when the detector holds none.
    static func knownFinding(_ name: String?, in state: DetectionState) throws -> Finding {
        guard let name, !name.isEmpty else { throw HTTPError(.badRequest, message: "no finding named") }
        let decoded = name.removingPercentEncoding ?? name
        guard let finding = state.findings.first(where: { $0.fingerprint == name || $0.id == decoded }) else {
            throw HTTPError(.notFound, message: "no finding \(decoded) (name it by the fingerprint /api/v1/findings gives)")
        }
        return finding
    }

    /// As ``knownFinding(_:in:)``, and 409 when it has resolved.
    static func activeFinding(_ name: String?, in state: DetectionState) throws -> Finding {
        let finding = try knownFinding(name, in: state)
        guard finding.state != .resolved else {
            throw HTTPError(.conflict, message: "the finding \(finding.fingerprint) has resolved; there is nothing to acknowledge")
        }
        return finding
    }

    /// What `POST` takes.
    struct NewAcknowledgement: Decodable {
        var by: String
        var comment: String
        var expires: SilencesAPI.NewSilence.Duration?
    }

    /// A checked acknowledgement of `findingID` from a `POST` body; 400 when it is not one.
    static func parse(_ data: Data, findingID: String, now: Double) throws -> FindingAcknowledgement {
        let request: NewAcknowledgement
        do {
            request = try JSONDecoder().decode(NewAcknowledgement.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw HTTPError(.badRequest, message: "the acknowledgement has no '\(key.stringValue)': say who and why")
        } catch {
            throw HTTPError(.badRequest, message: "expected JSON like {\"by\": \"alice\", \"comment\": \"replacing the optic\", \"expires\": \"3d\"}")
        }
        let by = request.by.trimmingCharacters(in: .whitespaces)
        let comment = request.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !by.isEmpty, !comment.isEmpty else { throw HTTPError(.badRequest, message: "say who (by) and why (comment)") }
        guard by.count <= 100, !by.contains(where: \.isNewline), comment.count <= 1_000 else {
            throw HTTPError(.badRequest, message: "by (100 characters, one line) or comment (1000) is too long")
        }
        var expiresAt: Double?
        if let expires = request.expires {
            guard let seconds = expires.seconds ?? expires.text.flatMap(SilencesAPI.parseDuration), seconds > 0, seconds.isFinite,
                  seconds <= maximumDuration else {
                throw HTTPError(.badRequest, message: "expires must be a duration like 12h or 3d (at most a year), or seconds")
            }
            expiresAt = now + seconds
        }
        return FindingAcknowledgement(findingID: findingID, by: by, comment: comment, at: now, expiresAt: expiresAt)
    }
}
