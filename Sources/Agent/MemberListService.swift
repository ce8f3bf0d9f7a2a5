import Detection
import Foundation
import IXPCore
import Logging
import Members
import ServiceLifecycle

/// Loads the member list at start and every `refresh`: a file or an HTTPS URL, through the one
/// loader (`MemberListSource`). Each good list is recorded in the state database (joins and
/// leaves); a bad or unreachable list keeps the last good one — from this run, or from the
/// database after a restart — and is reported (`member_list_unavailable`); the registry is
/// never emptied by a failed load.
struct MemberListService: Service {
    let settings: MembersSettings
    let store: MembershipStore
    let state: DetectionState
    let clock: @Sendable () -> Double
    let logger: Logger

    func run() async throws {
        restoreLastGood()
        try await PeriodicService(name: "member list", interval: .seconds(settings.refresh), logger: logger) {
            await loadOnce()
        }.run()
    }

    /// The last good list from the database, so a restart with an unreachable source still has members.
    func restoreLastGood() {
        do {
            if let last = try store.latestRegistry() {
                state.setMembers(last.registry, history: try store.history())
            }
        } catch {
            logger.error("cannot read the membership history: \(error)")
        }
    }

    /// Loads the list (and PeeringDB's data) once.
    func loadOnce() async {
        let now = clock()
        let source = MemberListSource(location: settings.source, timeout: .milliseconds(Int64(settings.timeout * 1_000)),
                                      maxBytes: settings.maxBytes, trustedCAFile: settings.caFile)
        do {
            var registry = try await source.load().registry
            if !settings.routeServerASNs.isEmpty { registry.markRouteServers(asns: settings.routeServerASNs) }
            let events = try store.record(registry, at: now, source: settings.source)
            state.setMembers(registry, history: try store.history())
            state.setMemberListStatus(MemberListStatus(source: settings.source, lastSuccess: now, lastError: nil, failingSince: nil))
            let recent = events.filter { $0.at >= now - 30 * 86_400 }
            logger.info("member list loaded", metadata: [
                "members": "\(registry.activeMembers.count)", "source": "\(settings.source)",
                "joins": "\(recent.filter { $0.kind == .join }.count)", "leaves": "\(recent.filter { $0.kind == .leave }.count)",
            ])
        } catch {
            let previous = state.memberListStatus
            state.setMemberListStatus(MemberListStatus(
                source: settings.source, lastSuccess: previous?.lastSuccess, lastError: "\(error)",
                failingSince: previous?.failingSince ?? now))
            logger.error("member list not loaded; keeping the last good one: \(error)")
        }
        if let peeringDB = settings.peeringDB {
            do {
                let exchange = try await MemberListSource(location: peeringDB, timeout: .milliseconds(Int64(settings.timeout * 1_000)),
                                                          maxBytes: settings.maxBytes, trustedCAFile: settings.caFile).loadPeeringDB()
                state.setMembers(nil, history: nil, peeringDB: exchange)
            } catch {
                logger.warning("PeeringDB data not loaded: \(error)")
            }
        }
    }
}
