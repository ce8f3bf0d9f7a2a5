import Foundation
import IXPCore
import Testing

@Suite struct SecretResolverTests {
    static let resolver = SecretResolver(environment: ["SNMP_COMMUNITY": "from-env", "EMPTY": ""])

    /// The entries of `yaml`, a mapping read as the file `test.yaml`.
    static func keys(_ yaml: String) throws -> [String: YAMLConfigNode] {
        let node = try #require(try YAMLConfigNode.parse(yaml, file: "test.yaml"))
        return try node.mapping(allowed: ["community", "community_env", "community_file", "password", "password_env",
                                          "password_file", "other"])
    }

    /// A scratch file holding `text`, removed by the caller.
    static func scratchFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func inline() throws {
        #expect(try Self.resolver.secret("community", in: Self.keys("community: public\nother: 1")) == "public")
    }

    @Test func fromTheEnvironment() throws {
        #expect(try Self.resolver.secret("community", in: Self.keys("community_env: SNMP_COMMUNITY")) == "from-env")
        #expect(try Self.resolver.secret("community", in: Self.keys("community_env: EMPTY")) == "")
    }

    @Test func fromAFileWithoutItsTrailingNewlines() throws {
        let file = try Self.scratchFile("s3cret with spaces\n\n")
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Self.resolver.secret("community", in: Self.keys("community_file: \(file.path)")) == "s3cret with spaces")
        let lines = try Self.scratchFile("first\nsecond\n")
        defer { try? FileManager.default.removeItem(at: lines) }
        #expect(try Self.resolver.secret("community", in: Self.keys("community_file: \(lines.path)")) == "first\nsecond")
    }

    @Test func noneGivenIsNil() throws {
        #expect(try Self.resolver.secret("community", in: Self.keys("other: 1")) == nil)
        #expect(try Self.resolver.secret("community", in: [:]) == nil)
    }

    @Test func twoGivenIsAnErrorThatDoesNotShowTheSecret() throws {
        let keys = try Self.keys("other: 1\ncommunity: hunter2\ncommunity_env: SNMP_COMMUNITY")
        let error = try #require(throws: ConfigurationError.self) { try Self.resolver.secret("community", in: keys) }
        #expect(error.file == "test.yaml")
        #expect(error.line == 2)
        #expect(error.message == "community: give only one of community, community_env")
        #expect(!error.description.contains("hunter2"))
    }

    @Test func aMissingFileIsAnErrorNamingTheFileAndLine() throws {
        let keys = try Self.keys("other: 1\ncommunity_file: /nonexistent/ixp-health/community")
        let error = try #require(throws: ConfigurationError.self) { try Self.resolver.secret("community", in: keys) }
        #expect(error.line == 2 && error.column != nil)
        #expect(error.description.hasPrefix("test.yaml:2:"))
        #expect(error.message.contains("community_file: cannot read the secret file /nonexistent/ixp-health/community"))
        let token = try #require(throws: ConfigurationError.self) {
            try Self.resolver.secret("community", in: keys, fileDescription: "token file")
        }
        #expect(token.message.contains("cannot read the token file /nonexistent/ixp-health/community"))
    }

    @Test func anUnsetVariableIsAnError() throws {
        let keys = try Self.keys("community_env: NOPE_NOT_SET")
        let error = try #require(throws: ConfigurationError.self) { try Self.resolver.secret("community", in: keys) }
        #expect(error.line == 1)
        #expect(error.message == "community_env: the environment variable NOPE_NOT_SET is not set")
    }

    @Test func aValueThatIsNotASingleValueIsAnError() throws {
        let keys = try Self.keys("community_env: [A, B]")
        #expect(throws: ConfigurationError.self) { try Self.resolver.secret("community", in: keys) }
    }

    @Test func withoutInlineOnlyTheEnvironmentAndFileCount() throws {
        let keys = try Self.keys("password: plain\npassword_env: SNMP_COMMUNITY")
        #expect(try Self.resolver.secret("password", in: keys, allowsInline: false) == "from-env")
        #expect(try Self.resolver.secret("password", in: Self.keys("password: plain"), allowsInline: false) == nil)
        let both = try Self.keys("password_env: SNMP_COMMUNITY\npassword_file: /x")
        let error = try #require(throws: ConfigurationError.self) {
            try Self.resolver.secret("password", in: both, allowsInline: false)
        }
        #expect(error.message == "password_env: give only one of password_env, password_file")
    }
}
