import Testing
@testable import SNMPClient

@Suite("SNMP address")
struct SNMPAddressTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var host: String
        var port: Int?
        var testDescription: String { text }
    }

    static let accepted: [Case] = [
        Case(text: "192.0.2.1", host: "192.0.2.1", port: nil),
        Case(text: "192.0.2.1:1161", host: "192.0.2.1", port: 1161),
        Case(text: "switch1.example.net", host: "switch1.example.net", port: nil),
        Case(text: "2001:db8::1", host: "2001:db8::1", port: nil),
        Case(text: "[2001:db8::1]:1161", host: "2001:db8::1", port: 1161),
        Case(text: "[::1]", host: "::1", port: nil),
        // net-snmp's transport syntax, as pasted from snmpwalk habits.
        Case(text: "udp:192.0.2.1:1161", host: "192.0.2.1", port: 1161),
        Case(text: "UDP:192.0.2.1", host: "192.0.2.1", port: nil),
        Case(text: "udp:localhost:161", host: "localhost", port: 161),
        Case(text: "udp6:[2001:db8::1]:1161", host: "2001:db8::1", port: 1161),
        Case(text: "udpv6:[::1]:161", host: "::1", port: 161),
        Case(text: "udpipv6:[::1]", host: "::1", port: nil),
        Case(text: "udp6:2001:db8::1", host: "2001:db8::1", port: nil),
        // A host that happens to be named udp.
        Case(text: "udp:161", host: "udp", port: 161),
    ]

    @Test(arguments: accepted)
    func accepts(_ c: Case) throws {
        let address = try SNMPAddress.parse(c.text)
        #expect(address.host == c.host)
        #expect(address.port == c.port)
    }

    @Test("udp6: keeps a host name on IPv6, in the peer name net-snmp gets; udp: and no prefix do not")
    func ipv6Intent() throws {
        let cases: [(String, Bool, String)] = [
            ("udp6:switch.example:161", true, "udp6:[switch.example]:161"),
            ("UDPv6:ip6-localhost:1161", true, "udp6:[ip6-localhost]:1161"),
            ("udp6:[::1]:1161", true, "udp6:[::1]:1161"),
            ("::1", true, "udp6:[::1]:161"),
            ("udp:localhost:1161", false, "udp:localhost:1161"),
            ("localhost", false, "udp:localhost:161"),
            ("udp6:161", false, "udp:udp6:161"),  // a host named udp6
        ]
        for (text, ipv6, peer) in cases {
            let address = try SNMPAddress.parse(text)
            #expect(address.ipv6 == ipv6, "\(text)")
            let target = SNMPTarget(host: address.host, port: address.port ?? 161, credentials: .v2c(community: "x"),
                                    ipv6: address.ipv6)
            #expect(target.peerName == peer, "\(text)")
        }
    }

    @Test(arguments: ["tcp:192.0.2.1:161", "tcp6:[::1]:161", "TCP:switch:161"])
    func refusesTCPShowingTheAcceptedForm(_ text: String) {
        #expect {
            try SNMPAddress.parse(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains("not supported") && message.contains("udp:HOST:PORT")
        }
    }

    @Test(arguments: ["", "udp:", ":161", "192.0.2.1:", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:x",
                      "[::1", "[]:161", "[::1]161", "udp:host:port"])
    func refusesBadAddresses(_ text: String) {
        #expect(throws: SNMPAddressError.self) { try SNMPAddress.parse(text) }
    }
}
