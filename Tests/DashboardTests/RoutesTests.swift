import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationCompat
import Testing
@testable import Dashboard

@Suite("dashboard routes")
struct RoutesTests {
    func app(publicPage: Bool = false) throws -> some ApplicationProtocol {
        let router = Router()
        let renderer = try DashboardRenderer(source: FixtureDataSource(), clock: { 1_795_000_000 })
        DashboardRoutes.register(on: router, renderer: renderer, settings: DashboardSettings(publicPage: publicPage))
        return Application(router: router)
    }

    @Test("pages answer HTML, assets answer CSS and JavaScript")
    func pages() async throws {
        try await app().test(.router) { client in
            for path in ["/", "/?range=2y", "/members", "/members?sort=name&order=asc", "/members/64500", "/ports", "/ports?usage=idle",
                         "/lan", "/findings", "/agent", "/?lang=fr"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                }
            }
            try await client.execute(uri: "/assets/dashboard.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains("--bg:"))
            }
            try await client.execute(uri: "/assets/dashboard.js", method: .get) { response in
                #expect(String(buffer: response.body).contains("data-range-switch"))
            }
        }
    }

    @Test("bad parameters answer 400 with a message, an unknown member 404")
    func errors() async throws {
        try await app().test(.router) { client in
            for path in ["/?range=month", "/members?sort=x", "/members?order=up", "/ports?usage=busy", "/?lang=de",
                         "/members/notanumber", "/api/v1/members?limit=0", "/api/v1/members?offset=-1", "/api/v1/members/AS12x"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .badRequest, "\(path)")
                    #expect(String(buffer: response.body).contains("message"), "\(path)")
                }
            }
            try await client.execute(uri: "/members/1", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("No member with this AS number."))
            }
            try await client.execute(uri: "/api/v1/members/1", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("no member with AS number 1"))
            }
        }
    }

    struct Page: Decodable {
        struct Row: Decodable {
            var asn: UInt32
            var traffic_p95_bits_per_second: Double?
        }
        struct Position: Decodable {
            var total: Int
            var limit: Int
            var offset: Int
            var next_offset: Int?
        }
        var items: [Row]
        var page: Position
    }

    @Test("the JSON API paginates members and ports, and serves a member and the LAN")
    func json() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/members?limit=2&offset=1", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json")
                let page = try JSONDecoder().decode(Page.self, from: Data(buffer: response.body))
                #expect(page.page.total == 3 && page.page.limit == 2 && page.page.offset == 1 && page.page.next_offset == nil)
                #expect(page.items.map(\.asn) == [64_501, 64_502])
                #expect(page.items.first?.traffic_p95_bits_per_second == 2e9)
            }
            try await client.execute(uri: "/api/v1/ports?usage=outgrown", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"month\":\"2026-11\""))
                #expect(text.contains("\"monthly_p95_bits_per_second\""))
                #expect(!text.contains("\"usage\":\"idle\""))
            }
            try await client.execute(uri: "/api/v1/members/64500", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"route_server_sessions\""))
                #expect(text.contains("\"macs\":[{\"address\":\"02:00:00:00:00:01\""))
            }
            try await client.execute(uri: "/api/v1/lan", method: .get) { response in
                #expect(String(buffer: response.body).contains("\"example\":\"STP BPDU <root 8000.020000000009>\""))
            }
        }
    }

    @Test("the public page is off unless the settings turn it on")
    func publicPage() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/public", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/public.json", method: .get) { #expect($0.status == .notFound) }
        }
        try await app(publicPage: true).test(.router) { client in
            try await client.execute(uri: "/public", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/public.json", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"daily_peaks\""))
                #expect(!text.contains("asn"))
            }
        }
    }
}
