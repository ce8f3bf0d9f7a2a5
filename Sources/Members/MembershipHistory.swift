import IXPCore

/// Who joined and who left the exchange, and when, from a series of dated member lists.
///
/// How events are dated:
/// - A member in the first snapshot is not a join, unless the list gives its `member_since`
///   (at or before the snapshot): then it joined at `member_since`. So even one export tells
///   who joined in the last twelve months.
/// - A member that appears in a later snapshot joined at its `member_since` when that falls
///   between the previous snapshot and this one, else at this snapshot's time.
/// - A member that disappears left at the time of the first snapshot without it. Leaves need
///   at least two snapshots.
///
/// ``memberSince`` is the IX-F `member_since` when given, else when the member was first seen
/// (or seen again, after it had left).
public struct MembershipHistory: Sendable, Equatable {
    /// One snapshot's time and size.
    public struct SnapshotSummary: Sendable, Equatable, Codable {
        /// When the list was current, in epoch seconds.
        public var at: Double
        /// How many members it had.
        public var memberCount: Int

        /// A summary.
        public init(at: Double, memberCount: Int) {
            self.at = at
            self.memberCount = memberCount
        }
    }

    /// Joins and leaves in one calendar month (UTC), for a report chart.
    public struct MonthlyChange: Sendable, Equatable, Codable {
        /// Epoch seconds of the month's first day, 00:00 UTC.
        public var monthStart: Double
        /// The month as `YYYY-MM`.
        public var label: String
        /// Members that joined in the month.
        public var joins: Int
        /// Members that left in the month.
        public var leaves: Int
        /// Members at the end of the month (per the last snapshot before its end), when known.
        public var memberCount: Int?

        /// A month's changes.
        public init(monthStart: Double, label: String, joins: Int, leaves: Int, memberCount: Int?) {
            self.monthStart = monthStart
            self.label = label
            self.joins = joins
            self.leaves = leaves
            self.memberCount = memberCount
        }
    }

    /// The snapshots' times and sizes, ascending.
    public private(set) var snapshots: [SnapshotSummary] = []
    /// Every join and leave, ascending by time (then leaves before joins, then by ASN).
    public private(set) var events: [MembershipEvent] = []
    /// When each member (present or past) became a member, in epoch seconds.
    public private(set) var memberSince: [UInt32: Double] = [:]
    /// The members of the last snapshot.
    public private(set) var latestMembers: [MembershipSnapshot.Entry] = []

    /// An empty history.
    public init() {}

    /// The history of these snapshots, in any order; of two snapshots at the same time, the
    /// later in the array wins.
    public init(snapshots input: [MembershipSnapshot]) {
        var byTime: [Double: Int] = [:]
        var ordered: [MembershipSnapshot] = []
        for snapshot in input {
            if let index = byTime[snapshot.at] {
                ordered[index] = snapshot
            } else {
                byTime[snapshot.at] = ordered.count
                ordered.append(snapshot)
            }
        }
        ordered.sort { $0.at < $1.at }

        var present: [UInt32: MembershipSnapshot.Entry] = [:]
        var previous: MembershipSnapshot?
        for snapshot in ordered {
            snapshots.append(SnapshotSummary(at: snapshot.at, memberCount: snapshot.members.count))
            if let previous, previous.members == snapshot.members { continue }
            var current: [UInt32: MembershipSnapshot.Entry] = [:]
            for entry in snapshot.members {
                current[entry.asn] = entry
                let isNew = present[entry.asn] == nil
                if let since = entry.memberSince {
                    memberSince[entry.asn] = since
                } else if isNew {
                    memberSince[entry.asn] = snapshot.at
                }
                guard isNew else { continue }
                if let previous {
                    var at = snapshot.at
                    if let since = entry.memberSince, since > previous.at, since <= snapshot.at { at = since }
                    events.append(MembershipEvent(kind: .join, asn: entry.asn, name: entry.name, at: at))
                } else if let since = entry.memberSince, since <= snapshot.at {
                    events.append(MembershipEvent(kind: .join, asn: entry.asn, name: entry.name, at: since))
                }
            }
            for (asn, entry) in present where current[asn] == nil {
                events.append(MembershipEvent(kind: .leave, asn: asn, name: entry.name, at: snapshot.at))
            }
            present = current
            previous = snapshot
        }
        latestMembers = ordered.last?.members ?? []
        events.sort { a, b in
            if a.at != b.at { return a.at < b.at }
            if a.kind != b.kind { return a.kind == .leave }
            return a.asn < b.asn
        }
    }

    /// The history of dated registries (for offline use, e.g. an archive of IX-F exports); each
    /// counts its ``MemberRegistry/peeringMembers``.
    public static func build(from registries: [(at: Double, registry: MemberRegistry)]) -> MembershipHistory {
        MembershipHistory(snapshots: registries.map { MembershipSnapshot(at: $0.at, registry: $0.registry) })
    }

    /// The time of the first snapshot, if any.
    public var firstSnapshot: Double? { snapshots.first?.at }

    /// The time of the last snapshot, if any.
    public var lastSnapshot: Double? { snapshots.last?.at }

    /// The joins within `period` (epoch seconds, both ends included).
    public func joins(in period: ClosedRange<Double>) -> [MembershipEvent] {
        events.filter { $0.kind == .join && period.contains($0.at) }
    }

    /// The leaves within `period` (epoch seconds, both ends included).
    public func leaves(in period: ClosedRange<Double>) -> [MembershipEvent] {
        events.filter { $0.kind == .leave && period.contains($0.at) }
    }

    /// The member count of the last snapshot at or before `time`; nil before the first snapshot.
    public func memberCount(at time: Double) -> Int? {
        // Binary search for the last snapshot with at <= time.
        var low = 0
        var high = snapshots.count
        while low < high {
            let middle = (low + high) / 2
            if snapshots[middle].at <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : snapshots[low - 1].memberCount
    }

    /// Joins and leaves per UTC calendar month, for every month from the one containing `start`
    /// through the one containing `end` (months without events included, with zeros).
    public func monthly(from start: Double, to end: Double) -> [MonthlyChange] {
        guard start <= end else { return [] }
        var result: [MonthlyChange] = []
        var month = UTCCalendar.monthStart(containing: start)
        while month <= end {
            let next = UTCCalendar.nextMonthStart(after: month)
            let inMonth = events.filter { $0.at >= month && $0.at < next }
            result.append(
                MonthlyChange(
                    monthStart: month, label: UTCCalendar.monthLabel(month),
                    joins: inMonth.count { $0.kind == .join }, leaves: inMonth.count { $0.kind == .leave },
                    memberCount: memberCount(at: next.nextDown)))
            month = next
        }
        return result
    }
}
