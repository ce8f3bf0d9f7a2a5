import Agent
import IXPCore
import Testing
import IXPCore

/// Thousands of damaged configuration files: every one parses or gives a `ConfigurationError`,
/// and none crashes (a seeded generator, so a failure reproduces).
@Suite("Configuration under mutation")
struct ConfigurationMutationTests {
    static let valid = """
        http:
          listen: 127.0.0.1:9470
        state_directory: /var/lib/ixp-health
        snmp:
          community: public
          interval: 30s
          timeout: 500ms
        switches:
          - name: edge1
            address: 192.0.2.10
            members:
              Ethernet3: AS64500
          - name: core
            address: 10.0.0.1
            version: 3
            user: ixuser
            auth_protocol: SHA-256
            auth_password: authpass123
            priv_protocol: AES
            priv_password: privpass123
        """

    @Test func damagedFilesNeverCrash() throws {
        #expect(throws: Never.self) { _ = try AgentConfiguration.parse(Self.valid, file: "valid.yaml") }
        var generator = SplitMix64(seed: 2026)
        let original = Array(Self.valid.utf8)
        let interesting: [UInt8] = Array(":-[]{}\"'\\\n\t #&*!|>%@`,?0123456789".utf8) + [0, 0xFF, 0xC3]
        var errors = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                guard !bytes.isEmpty else { break }
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = interesting.randomElement(using: &generator) ?? 0
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(interesting.randomElement(using: &generator) ?? 0, at: position)
                default: bytes = Array(bytes[..<position])
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try AgentConfiguration.parse(text, file: "mutated.yaml")
            } catch {
                errors += 1
                #expect(error.description.hasPrefix("mutated.yaml"))
                #expect(!error.message.isEmpty)
            }
        }
        #expect(errors > 100, "most mutations should be caught")
    }
}
