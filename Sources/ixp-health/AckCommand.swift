import ArgumentParser
import Foundation

/// `ixp-health ack`: acknowledge a running agent's finding (who and why), list the
/// acknowledged findings, or withdraw an acknowledgement, through its API.
struct AckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge a finding on a running agent: someone is on it.",
        discussion: """
            An acknowledged finding stays listed and its mail still says when it fires, changes or resolves, but \
            it gets no reminder mails; it counts as looked after for unattended_findings. The acknowledgement ends \
            when the finding resolves, when --expires runs out, or with --remove.
            FINDING is the fingerprint /api/v1/findings and ack --list show (or the finding's id, rule|subject).
            The agent is reached as for `silence`: --agent URL or --config FILE (IXP_HEALTH_USER and \
            IXP_HEALTH_PASSWORD, or IXP_HEALTH_TOKEN, when it asks for credentials).
            Examples: ixp-health ack --config /etc/ixp-health/config.yaml 3f2a9c0d1e4b5a67 --by alice --comment 'optic ordered'
                      ixp-health ack --config /etc/ixp-health/config.yaml --list
            Exit status: 0 done; 1 the agent refused or could not be reached; 2 bad arguments.
            """)

    @OptionGroup var target: AgentOptions

    @Argument(help: "The finding's fingerprint (or its id, rule|subject).")
    var finding: String?

    @Option(help: "Who is on it.")
    var by: String?

    @Option(help: "Why, or what is being done.")
    var comment: String?

    @Option(help: "When the acknowledgement stops counting, e.g. 12h, 3d (default: when the finding resolves).")
    var expires: String?

    @Flag(help: "List the active findings that are acknowledged.")
    var list = false

    @Flag(help: "Withdraw the acknowledgement of FINDING.")
    var remove = false

    @Option(help: "Output of --list: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    /// What a bare 404 means.
    static let missing = "the agent has no findings API to acknowledge through (is it an ixp-health agent of this version?)"

    func run() async throws {
        if list {
            guard finding == nil, !remove else { exitBadInput("--list takes no FINDING and no --remove") }
            return await listAcknowledged()
        }
        guard let finding, !finding.isEmpty else { exitBadInput("name the FINDING by its fingerprint (ixp-health ack --list, /api/v1/findings)") }
        guard let name = finding.addingPercentEncoding(withAllowedCharacters: Self.unreserved) else {
            exitBadInput("'\(finding)' cannot name a finding")
        }
        let url = target.baseURL() + "/api/v1/findings/" + name + "/acknowledge"
        if remove {
            let (status, reply) = await AgentAPI.request(.delete, url, caFile: target.caFile())
            guard status == 200, let document = try? JSONDecoder().decode(FindingRow.self, from: reply) else {
                AgentAPI.fail(status, reply, missing: Self.missing)
            }
            print("acknowledgement of \(document.fingerprint) (\(document.id)) withdrawn")
            return
        }
        guard let by, !by.trimmingCharacters(in: .whitespaces).isEmpty else { exitBadInput("say who is on it: --by NAME") }
        guard let comment, !comment.trimmingCharacters(in: .whitespaces).isEmpty else {
            exitBadInput("say why, or what is being done: --comment TEXT")
        }
        var body: [String: Any] = ["by": by, "comment": comment]
        if let expires { body["expires"] = expires }
        let data = try JSONSerialization.data(withJSONObject: body)
        let (status, reply) = await AgentAPI.request(.post, url, body: data, caFile: target.caFile())
        guard status == 201, let document = try? JSONDecoder().decode(FindingRow.self, from: reply) else {
            AgentAPI.fail(status, reply, missing: Self.missing)
        }
        let until = document.acknowledged?.expires_at.map { " until \(Self.format($0))" } ?? " until it resolves"
        print("acknowledged \(document.fingerprint) (\(document.id))\(until)")
    }

    /// Prints the active findings that are acknowledged.
    func listAcknowledged() async {
        let (status, reply) = await AgentAPI.request(.get, target.baseURL() + "/api/v1/findings?state=active&limit=5000",
                                                     caFile: target.caFile())
        guard status == 200, let document = try? JSONDecoder().decode(FindingList.self, from: reply) else {
            AgentAPI.fail(status, reply, missing: Self.missing)
        }
        let acknowledged = document.findings.filter { $0.acknowledged != nil }
        if format == .json {
            let rows = acknowledged.compactMap { row -> [String: Any]? in
                guard let ack = row.acknowledged else { return nil }
                var entry: [String: Any] = ["fingerprint": row.fingerprint, "id": row.id, "by": ack.by, "comment": ack.comment, "at": ack.at]
                if let expires = ack.expires_at { entry["expires_at"] = expires }
                return entry
            }
            let data = (try? JSONSerialization.data(withJSONObject: ["acknowledged": rows], options: [.sortedKeys])) ?? Data()
            print(String(decoding: data, as: UTF8.self))
            return
        }
        if acknowledged.isEmpty { print("no acknowledged findings") }
        for row in acknowledged {
            guard let ack = row.acknowledged else { continue }
            let until = ack.expires_at.map { ", until \(Self.format($0))" } ?? ""
            print("\(row.fingerprint)  \(row.id)  by \(ack.by) at \(Self.format(ack.at))\(until)  # \(ack.comment)")
        }
    }

    /// Characters a path segment keeps as they are.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func format(_ time: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: time))
    }

    struct FindingList: Decodable {
        var findings: [FindingRow]
    }

    struct FindingRow: Decodable {
        struct Acknowledgement: Decodable {
            var by: String
            var comment: String
            var at: Double
            var expires_at: Double?
        }
        var id: String
        var fingerprint: String
        var acknowledged: Acknowledgement?
    }
}
