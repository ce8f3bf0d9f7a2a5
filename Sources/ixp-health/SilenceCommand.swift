import HTTPListener
import Agent
import ArgumentParser
import AsyncHTTPClient
import Foundation
import IXPCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// `ixp-health silence add|list|expire`: the running agent's silences, through its API.
struct SilenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Add, list or expire silences of alert mail on a running agent.",
        discussion: """
            The agent is reached at --agent URL, or at the http.listen address of --config FILE (https when \
            http.tls is configured, trusting its certificate). When the agent asks for credentials (http.auth.ui), \
            they come from IXP_HEALTH_USER and IXP_HEALTH_PASSWORD, or IXP_HEALTH_TOKEN; IXP_HEALTH_CA_FILE names \
            a CA certificate to trust.
            Exit status: 0 done; 1 the agent refused or could not be reached; 2 bad arguments.
            """,
        subcommands: [Add.self, List.self, Expire.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Silence findings matching every LABEL=VALUE (a * in VALUE matches anything).",
            discussion: "Example: ixp-health silence add rule=port_down 'subject=sw1 *' --duration 2h --comment 'maintenance'")

        @OptionGroup var target: AgentOptions

        @Argument(help: "Matchers, LABEL=VALUE (labels: rule, severity, subject, member_asn, switch, interface, …).")
        var matchers: [String]

        @Option(help: "How long, e.g. 30m, 2h, 1d.")
        var duration: String = "2h"

        @Option(help: "Why.")
        var comment: String = ""

        @Option(help: "Who (default: the user name).")
        var author: String?

        func run() async throws {
            var list: [[String: String]] = []
            for matcher in matchers {
                guard let equals = matcher.firstIndex(of: "="), equals != matcher.startIndex else {
                    exitBadInput("matchers are LABEL=VALUE, like rule=port_down; got '\(matcher)'")
                }
                list.append(["name": String(matcher[..<equals]), "value": String(matcher[matcher.index(after: equals)...])])
            }
            guard !list.isEmpty else { exitBadInput("give at least one matcher, like rule=port_down") }
            let body: [String: Any] = [
                "matchers": list, "duration": duration, "comment": comment,
                "created_by": author ?? ProcessInfo.processInfo.environment["USER"] ?? "ixp-health",
            ]
            let data = try JSONSerialization.data(withJSONObject: body)
            let (status, reply) = await AgentAPI.request(.post, target.baseURL() + "/api/v1/silences", body: data, caFile: target.caFile())
            guard status == 201, let silence = try? JSONDecoder().decode(SilenceRow.self, from: reply) else {
                AgentAPI.fail(status, reply)
            }
            print("silence \(silence.id) until \(SilenceRow.format(silence.ends_at))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the silences in force (or --all).")

        @OptionGroup var target: AgentOptions

        @Flag(help: "Also list ended silences.")
        var all = false

        @Option(help: "Output: text or json.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument { case text, json }

        func run() async throws {
            let (status, reply) = await AgentAPI.request(.get, target.baseURL() + "/api/v1/silences?limit=5000" + (all ? "&all=true" : ""),
                                                         caFile: target.caFile())
            guard status == 200, let document = try? JSONDecoder().decode(SilenceList.self, from: reply) else {
                AgentAPI.fail(status, reply)
            }
            if format == .json {
                print(String(decoding: reply, as: UTF8.self))
                return
            }
            if document.silences.isEmpty { print("no silences") }
            for silence in document.silences {
                let matchers = silence.matchers.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
                print("\(silence.id)  \(silence.state)  until \(SilenceRow.format(silence.ends_at))  \(matchers)"
                      + (silence.comment.isEmpty ? "" : "  # \(silence.comment)") + "  (\(silence.created_by), \(silence.source))")
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now.")

        @OptionGroup var target: AgentOptions

        @Argument(help: "The silence's id (from silence list).")
        var id: String

        func run() async throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                exitBadInput("'\(id)' is not a silence id")
            }
            let (status, reply) = await AgentAPI.request(.delete, target.baseURL() + "/api/v1/silences/" + id, caFile: target.caFile())
            guard status == 200 else { AgentAPI.fail(status, reply) }
            print("silence \(id) expired")
        }
    }

    struct SilenceList: Decodable {
        var silences: [SilenceRow]
    }

    struct SilenceRow: Decodable {
        struct Matcher: Decodable {
            var name: String
            var value: String
        }
        var id: String
        var matchers: [Matcher]
        var ends_at: Double
        var created_by: String
        var comment: String
        var state: String
        var source: String

        static func format(_ time: Double) -> String {
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: time))
        }
    }
}

/// Small JSON requests to a running agent.
enum AgentAPI {
    /// The status (0 when the agent cannot be reached) and the body.
    enum Method { case get, post, delete }

    /// Sends the request with the credentials of the environment (IXP_HEALTH_USER and
    /// IXP_HEALTH_PASSWORD for Basic, IXP_HEALTH_TOKEN for Bearer), trusting `caFile` too when given.
    static func request(_ method: Method, _ url: String, body: Data? = nil, caFile: String? = nil, maximumBytes: Int = 4 << 20,
                        timeout seconds: Int64 = 15) async -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        let environment = ProcessInfo.processInfo.environment
        if let token = environment["IXP_HEALTH_TOKEN"] {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        } else if let user = environment["IXP_HEALTH_USER"], let password = environment["IXP_HEALTH_PASSWORD"] {
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        }
        switch method {
        case .get: request.method = .GET
        case .post: request.method = .POST
        case .delete: request.method = .DELETE
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        var client = HTTPClient.shared
        var owned: HTTPClient?
        if let caFile, url.hasPrefix("https://") {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(caFile)]
            owned = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
            client = owned ?? client
        }
        let answer: (Int, Data)
        do {
            let response = try await client.execute(request, timeout: .seconds(seconds))
            let buffer = try await response.body.collect(upTo: maximumBytes)
            answer = (Int(response.status.code), Data(buffer.readableBytesView))
        } catch {
            answer = (0, Data("\(url): \(error)".utf8))
        }
        try? await owned?.shutdown()
        return answer
    }

    /// Prints the agent's error and exits 1; `missing` names what a bare 404 means is absent.
    static func fail(_ status: Int, _ body: Data,
                     missing: String = "the agent has no silences API (is an alerting: section configured?)") -> Never {
        let text = String(decoding: body, as: UTF8.self)
        let message: String
        if status == 0 {
            message = "the agent cannot be reached: \(text)"
        } else if status == 401 {
            message = "the agent asks for credentials: set IXP_HEALTH_USER and IXP_HEALTH_PASSWORD, or IXP_HEALTH_TOKEN"
        } else if status == 404, !text.contains("\"error\"") {
            message = missing
        } else if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let error = (object["error"] as? [String: Any])?["message"] as? String ?? object["error"] as? String {
            message = "the agent answered \(status): \(error)"
        } else {
            message = "the agent answered \(status): \(text.prefix(300))"
        }
        FileHandle.standardError.write(Data("ixp-health: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
