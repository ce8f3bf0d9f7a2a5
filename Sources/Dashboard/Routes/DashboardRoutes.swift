import Detection
import Foundation
public import Hummingbird
import Presentation

/// The dashboard's routes, mounted by the agent:
/// - pages: `/`, `/members` (`?sort=&order=&page=`), `/members/{asn}`, `/ports` (`?usage=&page=`), `/lan`, `/findings`
///   (`?page=&resolved_page=`), `/agent` (each with `?lang=fr`), their stylesheet and script
///   under `/assets/`;
/// - JSON: `/api/v1/members` and `/api/v1/ports` (`?limit=&offset=`), `/api/v1/members/{asn}`,
///   `/api/v1/lan`; errors are `HTTPError`s with a message;
/// - with `publicPage`, `/public` and `/public.json`.
public enum DashboardRoutes {
    /// Registers every route on `router`.
    public static func register<Context: RequestContext>(on router: Router<Context>, renderer: DashboardRenderer,
                                                         settings: DashboardSettings = DashboardSettings()) {
        let source = renderer.source
        router.get("/") { request, _ in
            let range = try parameter(request, "range", default: TrafficRange.week)
            return html(renderer.exchangePage(range: range, language: try language(request)))
        }
        router.get("/members") { request, _ in
            let sort = try parameter(request, "sort", default: DashboardRenderer.MemberSort.p95)
            let order = request.uri.queryParameters.get("order") ?? (sort.defaultDescending ? "desc" : "asc")
            guard order == "asc" || order == "desc" else { throw HTTPError(.badRequest, message: "order must be asc or desc") }
            return html(renderer.membersPage(sort: sort, descending: order == "desc", page: listPage(request, "page"),
                                             language: try language(request)))
        }
        router.get("/members/:asn") { request, context in
            let asn = try asNumber(context)
            let language = try language(request)
            guard let page = renderer.memberPage(asn: asn, language: language) else {
                let words = DashboardWording.table(language)
                return html(renderer.messagePage(heading: "AS\(asn)", text: words["no_member"] ?? "", language: language,
                                                 path: "/members/\(asn)"), status: .notFound)
            }
            return html(page)
        }
        router.get("/ports") { request, _ in
            let usage: PortRow.Usage? = try optionalParameter(request, "usage")
            return html(renderer.portsPage(usage: usage, page: listPage(request, "page"), language: try language(request)))
        }
        router.get("/lan") { request, _ in html(renderer.lanPage(language: try language(request))) }
        router.get("/findings") { request, _ in
            let resolved = request.uri.queryParameters.get("resolved_page").map { ListPage(query: $0) }
            return html(renderer.findingsPage(language: try language(request), activePage: listPage(request, "page"), resolvedPage: resolved))
        }
        router.get("/agent") { request, _ in html(renderer.agentPage(language: try language(request))) }
        router.get("/assets/dashboard.css") { _, _ in asset(DashboardAssets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/dashboard.js") { _, _ in asset(DashboardAssets.javaScript, type: "text/javascript; charset=utf-8") }

        router.get("/api/v1/members") { request, _ in
            let (limit, offset) = try pagination(request)
            // Sparklines are read for the page's members only.
            var page = Paginated(source.membersForPaging(language: try language(request)), limit: limit, offset: offset)
            let sparklines = source.memberSparklines(page.items.map(\.asn))
            for index in page.items.indices { if let line = sparklines[page.items[index].asn] { page.items[index].sparkline = line } }
            return try json(page)
        }
        router.get("/api/v1/members/:asn") { request, context in
            let asn = try asNumber(context)
            guard let detail = source.member(asn: asn, language: try language(request)) else {
                throw HTTPError(.notFound, message: "no member with AS number \(asn)")
            }
            return try json(detail)
        }
        router.get("/api/v1/ports") { request, _ in
            let (limit, offset) = try pagination(request)
            let usage: PortRow.Usage? = try optionalParameter(request, "usage")
            let view = source.ports()
            let ports = usage.map { usage in view.ports.filter { $0.usage == usage } } ?? view.ports
            let page = Paginated(ports, limit: limit, offset: offset)
            return try json(PortsPage(month: view.month, items: page.items, page: page.page))
        }
        router.get("/api/v1/lan") { request, _ in try json(source.lan(language: try language(request))) }

        if settings.publicPage {
            router.get("/public") { request, _ in html(renderer.publicPage(language: try language(request))) }
            router.get("/public.json") { _, _ in try json(source.publicStatistics()) }
        }
    }

    // MARK: Requests

    static func language(_ request: Request) throws -> Language {
        guard let value = request.uri.queryParameters.get("lang") else { return .english }
        switch value {
        case "en": return .english
        case "fr": return .french
        default: throw HTTPError(.badRequest, message: "lang must be en or fr, not '\(value)'")
        }
    }

    static func parameter<T: RawRepresentable & CaseIterable>(_ request: Request, _ name: String, default value: T) throws -> T
    where T.RawValue == String {
        try optionalParameter(request, name) ?? value
    }

    static func optionalParameter<T: RawRepresentable & CaseIterable>(_ request: Request, _ name: String) throws -> T?
    where T.RawValue == String {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(.badRequest, message: "\(name) must be one of \(allowed), not '\(text)'")
        }
        return value
    }

    /// The page a `?name=N` asks for; anything but a whole number from 1 up is page 1 (a page
    /// link is never worth an error page).
    static func listPage(_ request: Request, _ name: String) -> ListPage {
        ListPage(query: request.uri.queryParameters.get(name))
    }

    static func asNumber<Context: RequestContext>(_ context: Context) throws -> UInt32 {
        let text = context.parameters.get("asn") ?? ""
        let digits = text.hasPrefix("AS") || text.hasPrefix("as") ? String(text.dropFirst(2)) : text
        guard let asn = UInt32(digits) else {
            throw HTTPError(.badRequest, message: "'\(text)' is not an AS number (give digits, e.g. /members/64500)")
        }
        return asn
    }

    static func pagination(_ request: Request) throws -> (limit: Int, offset: Int) {
        let parameters = request.uri.queryParameters
        var limit = Paginated<MemberRow>.defaultLimit, offset = 0
        if let text = parameters.get("limit") {
            guard let value = Int(text), value >= 1, value <= Paginated<MemberRow>.maximumLimit else {
                throw HTTPError(.badRequest, message: "limit must be a whole number from 1 to \(Paginated<MemberRow>.maximumLimit)")
            }
            limit = value
        }
        if let text = parameters.get("offset") {
            guard let value = Int(text), value >= 0 else { throw HTTPError(.badRequest, message: "offset must be a whole number, 0 or more") }
            offset = value
        }
        return (limit, offset)
    }

    // MARK: Responses

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The JSON encoder of the API: snake_case keys, sorted, seconds since the epoch.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func json(_ value: some Encodable) throws -> Response {
        let data: Data
        do {
            data = try encoder().encode(value)
        } catch {
            throw HTTPError(.internalServerError, message: "the response could not be encoded: \(error)")
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
