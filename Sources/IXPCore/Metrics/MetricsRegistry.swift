import Synchronization

/// What the agent currently exports: the latest metrics of every probe, and the duration and
/// success of each probe's last run. Shared by the probe runners (writers) and the HTTP
/// server (reader).
public final class MetricsRegistry: Sendable {
    private struct State {
        var statuses: [ProbeIdentity: ProbeStatus] = [:]
        var families: [ProbeIdentity: [MetricFamily]] = [:]
        var extra: [String: [MetricFamily]] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// Registers a probe before its first run, so that it shows up as not yet run, with its
    /// interval and the device it speaks for.
    public func register(_ identity: ProbeIdentity, interval: Double = 60, device: ProbeDevice? = nil) {
        state.withLock { state in
            if var status = state.statuses[identity] {
                status.interval = interval
                status.device = device
                state.statuses[identity] = status
            } else {
                state.statuses[identity] = ProbeStatus(identity: identity, interval: interval, device: device)
            }
            state.generation &+= 1
        }
    }

    /// Forgets a probe that no longer runs (the configuration was reloaded without it): its
    /// status and its metrics leave `/metrics`.
    public func unregister(_ identity: ProbeIdentity) {
        state.withLock { state in
            state.statuses[identity] = nil
            state.families[identity] = nil
        }
    }

    /// Records a successful run and replaces the probe's metrics.
    public func recordSuccess(_ identity: ProbeIdentity, duration: Double, at time: Double, metrics: [MetricFamily]) {
        state.withLock { state in
            var status = state.statuses[identity] ?? ProbeStatus(identity: identity)
            status.lastDuration = duration
            status.lastSuccess = true
            status.lastSuccessTime = time
            status.lastError = nil
            status.failingSince = nil
            status.lastRunTime = time
            status.runs += 1
            state.statuses[identity] = status
            state.families[identity] = metrics
            state.generation &+= 1
        }
    }

    /// Records a failed run. The probe's metrics are withdrawn: stale counters would look like
    /// an idle port to Prometheus, while missing ones are a gap.
    public func recordFailure(_ identity: ProbeIdentity, duration: Double, error: String, at time: Double? = nil) {
        state.withLock { state in
            var status = state.statuses[identity] ?? ProbeStatus(identity: identity)
            if let time {
                if status.failingSince == nil { status.failingSince = time }
                status.lastRunTime = time
            }
            status.lastDuration = duration
            status.lastSuccess = false
            status.lastError = error
            status.runs += 1
            status.failures += 1
            state.statuses[identity] = status
            state.families[identity] = nil
            state.generation &+= 1
        }
    }

    /// Replaces the metrics a part of the agent other than a probe exports under `owner`
    /// (the detector's findings and verdicts, the alert outbox).
    public func publish(_ families: [MetricFamily], as owner: String) {
        state.withLock {
            $0.extra[owner] = families
            $0.generation &+= 1
        }
    }

    /// A number that changes whenever what `families()` returns changes (a probe ran, a part
    /// of the agent published): a renderer caches its output until it moves.
    public var generation: UInt64 {
        state.withLock { $0.generation }
    }

    /// Every probe's status, sorted by identity.
    public var statuses: [ProbeStatus] {
        state.withLock { Array($0.statuses.values) }.sorted { $0.identity.description < $1.identity.description }
    }

    /// All families to export: the probes' own, and the run metrics of each probe —
    /// `ixp_probe_duration_seconds`, `ixp_probe_success` and
    /// `ixp_probe_last_success_timestamp_seconds` labelled `{kind,name}`, plus the per-kind
    /// aliases of identities that have one (`ixp_snmp_poll_success{switch}`, …).
    public func families() -> [MetricFamily] {
        let (statuses, probeFamilies, extra) = state.withLock { ($0.statuses, $0.families, $0.extra) }
        var families = probeFamilies.values.flatMap { $0 }
        for owner in extra.keys.sorted() { families += extra[owner] ?? [] }
        let sorted = statuses.values.sorted { $0.identity.description < $1.identity.description }
        var duration = MetricFamily(
            name: "ixp_probe_duration_seconds", help: "Duration of the probe's last run.", kind: .gauge)
        var success = MetricFamily(
            name: "ixp_probe_success", help: "1 if the probe's last run succeeded, else 0.", kind: .gauge)
        var lastSuccess = MetricFamily(
            name: "ixp_probe_last_success_timestamp_seconds",
            help: "When the probe last succeeded (Unix time; 0 if never).", kind: .gauge)
        for status in sorted {
            let identity = status.identity
            let labels = [(name: "kind", value: identity.kind), (name: "name", value: identity.name)]
            let succeeded: Double = status.lastSuccess == true ? 1 : 0
            duration.samples.append(MetricSample(labels: labels, value: status.lastDuration))
            success.samples.append(MetricSample(labels: labels, value: succeeded))
            lastSuccess.samples.append(MetricSample(labels: labels, value: status.lastSuccessTime))
            guard let alias = identity.runMetricAlias else { continue }
            let aliasLabels = [(name: alias.labelName, value: identity.name)]
            families.append(MetricFamily(
                name: alias.prefix + "_poll_duration_seconds", help: "Duration of the last run of the \(identity.kind) probe.",
                kind: .gauge, samples: [MetricSample(labels: aliasLabels, value: status.lastDuration)]))
            families.append(MetricFamily(
                name: alias.prefix + "_poll_success", help: "1 if the last run of the \(identity.kind) probe succeeded, else 0.",
                kind: .gauge, samples: [MetricSample(labels: aliasLabels, value: succeeded)]))
            families.append(MetricFamily(
                name: alias.prefix + "_last_success_timestamp_seconds",
                help: "When the \(identity.kind) probe last succeeded (Unix time; 0 if never).",
                kind: .gauge, samples: [MetricSample(labels: aliasLabels, value: status.lastSuccessTime)]))
        }
        if !sorted.isEmpty { families += [duration, success, lastSuccess] }
        return families
    }
}
