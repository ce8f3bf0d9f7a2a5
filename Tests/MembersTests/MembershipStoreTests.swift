import Foundation
import GRDB
import StateDatabase
import Testing
@testable import Members

private func registry(_ asns: [UInt32], since: [UInt32: String] = [:], timestamp: String? = nil) -> MemberRegistry {
    MemberRegistry(
        members: asns.map { Member(asn: $0, name: "AS\($0)", memberSince: since[$0].map(epoch)) }, timestamp: timestamp)
}

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("members-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func inMemoryStore() throws -> MembershipStore {
    MembershipStore(writer: try StateDatabase.open(directory: nil, migrations: [MembershipStore.registerMigrations]))
}

@Suite struct MembershipStoreTests {
    @Test func recordReturnsTheDiff() throws {
        let store = try inMemoryStore()
        #expect(try store.record(registry([1, 2]), at: epoch("2024-01-01"), source: "a.json").isEmpty)
        let events = try store.record(registry([2, 3]), at: epoch("2024-02-01"), source: "a.json")
        #expect(events == [
            MembershipEvent(kind: .leave, asn: 1, name: "AS1", at: epoch("2024-02-01")),
            MembershipEvent(kind: .join, asn: 3, name: "AS3", at: epoch("2024-02-01")),
        ])
        #expect(try store.events() == events)
        let history = try store.history()
        #expect(history.snapshots.map(\.memberCount) == [2, 2])
        #expect(history.events == events)
    }

    @Test func sameTimeIsIdempotent() throws {
        let store = try inMemoryStore()
        try store.record(registry([1]), at: 100, source: "a")
        try store.record(registry([1, 2]), at: 200, source: "a")
        #expect(try store.record(registry([1, 2]), at: 200, source: "a").isEmpty)
        #expect(try store.history().snapshots.count == 2)
        #expect(try store.events().count == 1)
        // The same time with other members replaces the snapshot.
        let replaced = try store.record(registry([1, 3]), at: 200, source: "a")
        #expect(replaced.map(\.asn) == [3])
        #expect(try store.events().map(\.asn) == [3])
    }

    @Test func unchangedListsShareOneSet() throws {
        let writer = try StateDatabase.open(directory: nil, migrations: [MembershipStore.registerMigrations])
        let store = MembershipStore(writer: writer)
        for hour in 0..<24 { try store.record(registry([1, 2, 3]), at: Double(hour) * 3600, source: "a") }
        let counts = try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM members_set"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM members_set_member"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM members_snapshot"))
        }
        #expect(counts.0 == 1)
        #expect(counts.1 == 3)
        #expect(counts.2 == 24)
    }

    @Test func olderImportsAreMergedInOrder() throws {
        let store = try inMemoryStore()
        try store.record(registry([1, 2, 3]), at: epoch("2024-06-01"), source: "live")
        #expect(try store.events().isEmpty)
        // An archive export from before: 3 was not there yet, 4 was and has left since.
        let added = try store.record(registry([1, 2, 4]), at: epoch("2024-01-01"), source: "archive.json")
        #expect(Set(added.map { "\($0.kind) \($0.asn)" }) == ["join 3", "leave 4"])
        #expect(try store.history().firstSnapshot == epoch("2024-01-01"))
        // The last good list stays the newest one.
        let latest = try #require(try store.latestRegistry())
        #expect(latest.registry.members.map(\.asn) == [1, 2, 3])
        #expect(latest.source == "live")
    }

    @Test func memberSinceAndLatestRegistrySurviveAReopen() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let exported = try IXFMemberListParser.parse(contentsOf: ixfFixture("exix.ixpmanager.1.0.json"))
        let at = try #require(exported.timestampSeconds)
        do {
            let store = MembershipStore(
                writer: try StateDatabase.open(directory: directory, migrations: [MembershipStore.registerMigrations]))
            let events = try store.record(exported, at: at, source: "https://example.net/ixf.json")
            #expect(events.map(\.asn) == [64500, 64502, 64501, 64503])
        }
        let reopened = MembershipStore(
            writer: try StateDatabase.open(directory: directory, migrations: [MembershipStore.registerMigrations]))
        let history = try reopened.history()
        #expect(history.joins(in: (at - 365 * 86_400)...at).map(\.asn) == [64501, 64503])
        #expect(history.memberSince[64504] == at)
        let latest = try #require(try reopened.latestRegistry())
        #expect(latest.registry == exported)
        #expect(latest.registry.routeServerAddresses.count == 4)
        #expect(latest.at == at)
    }

    @Test func emptyStore() throws {
        let store = try inMemoryStore()
        #expect(try store.latestRegistry() == nil)
        #expect(try store.history() == MembershipHistory())
        #expect(throws: MembershipStoreError.self) { try store.record(registry([1]), at: .nan, source: "x") }
    }
}

@Suite struct MembershipImportTests {
    private func write(_ json: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(json.utf8).write(to: url)
        return url.path
    }

    @Test func archiveIsRecordedAtEachTimestamp() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let newer = try write(
            #"{"timestamp": "2024-06-01T00:00:00Z", "member_list": [{"asnum": 1}, {"asnum": 3}, {"asnum": 9}]}"#, "b.json",
            in: directory)
        let older = try write(
            #"{"timestamp": "2024-01-01T00:00:00Z", "member_list": [{"asnum": 1}, {"asnum": 2}, {"asnum": 9}]}"#, "a.json",
            in: directory)
        let store = try inMemoryStore()
        let results = try store.importExports([newer, older], routeServerASNs: [9])
        #expect(results.map(\.source) == [older, newer])
        #expect(results.map(\.memberCount) == [2, 2])
        #expect(results[1].events.map { "\($0.kind) \($0.asn)" } == ["leave 2", "join 3"])
        #expect(try store.history().snapshots.map(\.at) == [epoch("2024-01-01"), epoch("2024-06-01")])
    }

    @Test func aBadFileStopsTheImportBeforeAnyWrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try write(#"{"timestamp": "2024-01-01T00:00:00Z", "member_list": [{"asnum": 1}]}"#, "a.json", in: directory)
        let undated = try write(#"{"member_list": [{"asnum": 1}]}"#, "b.json", in: directory)
        let store = try inMemoryStore()
        #expect { _ = try store.importExports([good, undated]) } throws: { error in
            "\(error)".hasPrefix(undated) && "\(error)".contains("timestamp")
        }
        #expect { _ = try store.importExports([good, "/nonexistent.json"]) } throws: { error in
            "\(error)".contains("/nonexistent.json")
        }
        #expect(try store.history().snapshots.isEmpty)
    }
}
