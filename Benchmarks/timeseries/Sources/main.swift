// TimeSeriesBenchmark: ingest rate, p95 query time, checkpoint time and bytes, restart time,
// and a comparison with Debian's rrdtool on the same archives and samples, in one run.
// Run: swift build -c release --scratch-path .build-ts --product TimeSeriesBenchmark
//      .build-ts/release/TimeSeriesBenchmark [--series N] [--polls N] [--p95-series N]
//          [--rrd-series N] [--rrd-samples N] [--dir DIR] [--only ingest,p95,disk,rrd]
import Foundation
import TimeSeries

// MARK: - Arguments

var options: [String: String] = [:]
var argumentIndex = 1
let arguments = CommandLine.arguments
while argumentIndex < arguments.count {
    let name = arguments[argumentIndex]
    guard name.hasPrefix("--"), argumentIndex + 1 < arguments.count else {
        FileHandle.standardError.write(Data("usage: TimeSeriesBenchmark [--series N] [--polls N] [--p95-series N] [--p95-days N] [--rrd-series N] [--rrd-samples N] [--exchange-interfaces N] [--exchange-days N] [--class-interfaces N] [--prom-hours N] [--dir DIR] [--only ingest,p95,disk,rrd,exchange,rates]\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = arguments[argumentIndex + 1]
    argumentIndex += 2
}
@MainActor func option(_ name: String, _ fallback: Int) -> Int { options[name].flatMap { Int($0) } ?? fallback }
let seriesCount = option("series", 10_000)
let polls = option("polls", 1_000)
let p95Series = option("p95-series", 10_000)
let p95Days = option("p95-days", 30)
let rrdSeries = option("rrd-series", 100)
let rrdSamples = option("rrd-samples", 10_000)
let only = Set((options["only"] ?? "ingest,p95,disk,rrd,exchange").split(separator: ",").map(String.init))
let exchangeInterfaces = option("exchange-interfaces", 100)
let exchangeDays = option("exchange-days", 365)
let classInterfaces = option("class-interfaces", 10)
let promHours = option("prom-hours", 6)
// The restart probe: a child process that only opens a state directory and reports its
// memory, so that the restart's peak is measured on its own.
if let probe = options["restart-probe"] {
    var configuration = StoreConfiguration()
    configuration.tiers = StoreConfiguration.defaultTiers(rawStep: 60)
    configuration.maxSeries = max(1, exchangeInterfaces * SyntheticExchange.seriesPerInterface)
    let before = residentMemory()
    let began = ContinuousClock().now
    let store = try TimeSeriesStore(configuration: configuration, directory: URL(fileURLWithPath: probe), clock: { 1e10 })
    let elapsed = ContinuousClock().now - began
    let after = residentMemory()
    let loadSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("RESTART \(after.current) \(after.peak) \(loadSeconds) \(store.statistics.seriesCount) \(before.current) \(store.statistics.blocksLostOnLoad)")
    exit(0)
}
let workDirectory = URL(fileURLWithPath: options["dir"] ?? NSTemporaryDirectory() + "ts-bench-\(getpid())")
try? FileManager.default.removeItem(at: workDirectory)
try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: workDirectory) }

let start = 1_699_920_000.0 // a UTC midnight
let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
func rate(_ count: Int, _ time: Double) -> String {
    let perSecond = Double(count) / time
    return perSecond >= 1e6 ? String(format: "%.1f M/s", perSecond / 1e6) : String(format: "%.0f k/s", perSecond / 1e3)
}
func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
var results: [(String, String)] = []
@MainActor func report(_ name: String, _ value: String) {
    results.append((name, value))
    print("\(name): \(value)")
}

/// Pseudo-random but cheap values: a table indexed by series and poll.
let valueTable: [Double] = (0..<4_096).map { Double(($0 &* 2_654_435_761) % 100_000) * 1_000 }

/// CPU seconds this thread has used (robust against other processes sharing the cores).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Appends `polls` polls of `handles` starting at poll `first`; returns the wall seconds and
/// thread CPU seconds spent in append, and the samples accepted.
func ingestTimed(_ store: TimeSeriesStore, handles: [SeriesHandle], first: Int, polls: Int, step: Double) -> (wall: Double, cpu: Double, accepted: Int) {
    var batch = handles.map { HandleSample(handle: $0, timestamp: 0, value: 0) }
    var spent = 0.0
    var cpu = 0.0
    var accepted = 0
    for poll in first..<(first + polls) {
        let timestamp = start + Double(poll) * step
        for index in batch.indices {
            batch[index].timestamp = timestamp
            batch[index].value = valueTable[(index &+ poll &* 7) & 4_095]
        }
        let began = clock.now
        let cpuBegan = threadCPUSeconds()
        let outcome = store.append(batch)
        cpu += threadCPUSeconds() - cpuBegan
        spent += seconds(clock.now - began)
        accepted += outcome.accepted
    }
    return (spent, cpu, accepted)
}

/// Appends `polls` polls of `handles` starting at poll `first`; returns the seconds spent in append.
func ingest(_ store: TimeSeriesStore, handles: [SeriesHandle], first: Int, polls: Int, step: Double) -> (Double, Int) {
    var batch = handles.map { HandleSample(handle: $0, timestamp: 0, value: 0) }
    var spent = 0.0
    var accepted = 0
    for poll in first..<(first + polls) {
        let timestamp = start + Double(poll) * step
        for index in batch.indices {
            batch[index].timestamp = timestamp
            batch[index].value = valueTable[(index &+ poll &* 7) & 4_095]
        }
        let began = clock.now
        let outcome = store.append(batch)
        spent += seconds(clock.now - began)
        accepted += outcome.accepted
    }
    return (spent, accepted)
}

func makeHandles(_ store: TimeSeriesStore, count: Int) -> [SeriesHandle] {
    (0..<count).compactMap { index in
        store.handle(for: SeriesKey(name: "ixp_interface_receive_bits_per_second", labels: ["switch": "sw\(index / 500)", "interface": "Ethernet\(index % 500)"]))
    }
}

func configuration(rawStep: Int, maxSeries: Int) -> StoreConfiguration {
    var configuration = StoreConfiguration()
    configuration.tiers = StoreConfiguration.defaultTiers(rawStep: rawStep)
    configuration.maxSeries = maxSeries
    return configuration
}

print("TimeSeriesBenchmark: \(seriesCount) series × \(polls) polls; p95 over \(p95Series) series × \(p95Days) days; rrd \(rrdSeries) series × \(rrdSamples) samples")
let defaultConfiguration = configuration(rawStep: 60, maxSeries: max(seriesCount, rrdSeries))
report("bytes per series (default tiers, raw 60 s)", "\(defaultConfiguration.bytesPerSeries) (\(defaultConfiguration.valuesPerSeries) values × 8)")

// MARK: - Ingest

if only.contains("ingest") {
    let store = try TimeSeriesStore(configuration: defaultConfiguration, directory: nil)
    let handles = makeHandles(store, count: seriesCount)
    _ = ingest(store, handles: handles, first: 0, polls: 10, step: 60) // warm up
    // Three rounds; the best is reported (the machine may be shared), with its CPU time.
    var best: (wall: Double, cpu: Double, accepted: Int) = (.infinity, 0, 0)
    for round in 0..<3 {
        let result = ingestTimed(store, handles: handles, first: 10 + round * polls, polls: polls, step: 60)
        print(String(format: "  round %d: %@ wall, %@ per CPU-second", round + 1, rate(result.accepted, result.wall), rate(result.accepted, result.cpu)))
        if result.wall < best.wall { best = result }
    }
    report("ingest, memory only, one core (\(best.accepted) samples × \(seriesCount) series round-robin)", "\(rate(best.accepted, best.wall)) wall, \(rate(best.accepted, best.cpu)) per CPU-second")
    // The convenience path the agent's scheduler uses: samples addressed by key.
    let keys = (0..<seriesCount).map { index in
        SeriesKey(name: "ixp_interface_receive_bits_per_second", labels: ["switch": "sw\(index / 500)", "interface": "Ethernet\(index % 500)"])
    }
    var keyed = 0
    var keyedTime = 0.0
    for poll in 0..<30 {
        let timestamp = start + Double(10 + 3 * polls + poll) * 60
        let samples = keys.enumerated().map { Sample(key: $1, timestamp: timestamp, value: valueTable[($0 &+ poll) & 4_095]) }
        let began = clock.now
        keyed += store.append(samples).accepted
        keyedTime += seconds(clock.now - began)
    }
    report("ingest by key ([Sample], a dictionary lookup each), \(keyed) samples", rate(keyed, keyedTime))
}

// MARK: - Checkpoint and restart

if only.contains("disk") {
    let directory = workDirectory.appendingPathComponent("state")
    do {
        let store = try TimeSeriesStore(configuration: defaultConfiguration, directory: directory)
        let handles = makeHandles(store, count: seriesCount)
        let result = ingestTimed(store, handles: handles, first: 0, polls: polls, step: 60)
        report("ingest, persistent (change log on), one core (\(result.accepted) samples)", "\(rate(result.accepted, result.wall)) wall, \(rate(result.accepted, result.cpu)) per CPU-second")
        var began = clock.now
        try store.checkpoint()
        var statistics = store.statistics
        report("checkpoint, full snapshot, \(seriesCount) series", String(format: "%.2f s, %@", seconds(clock.now - began), mib(statistics.lastCheckpointBytes)))
        _ = ingest(store, handles: handles, first: polls, polls: 1, step: 60)
        began = clock.now
        try store.checkpoint()
        statistics = store.statistics
        report("checkpoint, change log (one poll of \(seriesCount) series)", String(format: "%.4f s, %@", seconds(clock.now - began), mib(statistics.lastCheckpointBytes)))
        report("snapshot bytes per stored value", String(format: "%.3f", Double(statistics.snapshotBytes) / Double(seriesCount * defaultConfiguration.valuesPerSeries)))
    }
    let began = clock.now
    let restored = try TimeSeriesStore(configuration: defaultConfiguration, directory: directory)
    let loadTime = seconds(clock.now - began)
    let restoredStatistics = restored.statistics
    report("restart (load snapshot + replay log), \(restoredStatistics.seriesCount) series", String(format: "%.2f s", loadTime))
    try? FileManager.default.removeItem(at: directory)
}

// MARK: - p95

if only.contains("p95") {
    // Five-minute polling, so the raw tier holds 35 days of 5-minute values.
    let store = try TimeSeriesStore(configuration: configuration(rawStep: 300, maxSeries: p95Series), directory: nil)
    let handles = makeHandles(store, count: p95Series)
    let pollCount = p95Days * 288
    let (spent, accepted) = ingest(store, handles: handles, first: 0, polls: pollCount, step: 300)
    print("  (filled \(accepted) samples in \(String(format: "%.1f", spent)) s)")
    let end = start + Double(pollCount) * 300 - 1
    let all = SeriesSelector(name: "ixp_interface_receive_bits_per_second")
    var began = clock.now
    let each = store.aggregateEach(.percentile(95), of: all, from: start, to: end)
    let eachTime = seconds(clock.now - began)
    let points = each.values.reduce(0) { $0 + $1.knownValues }
    report("p95 of each of \(each.count) series over \(p95Days) days of 5-min data (\(points) values)", String(format: "%.3f s", eachTime))
    began = clock.now
    let total = store.aggregate(.percentile(95), of: all, from: start, to: end)
    report("p95 of the sum of \(total.seriesCount) series over \(p95Days) days (\(total.totalValues) points)", String(format: "%.3f s", seconds(clock.now - began)))
}

// MARK: - rrdtool

/// Runs `rrdtool -` and feeds it commands; returns seconds taken.
func runRRDTool(_ commands: [String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/rrdtool")
    process.arguments = ["-"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    let reader = Thread {
        var failures = 0
        while true {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            if let text = String(data: data, encoding: .utf8), text.contains("ERROR") {
                failures += 1
                if failures < 3 { FileHandle.standardError.write(Data(text.prefix(300).utf8)) }
            }
        }
    }
    reader.start()
    let began = clock.now
    try process.run()
    for command in commands { input.fileHandleForWriting.write(Data((command + "\n").utf8)) }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return seconds(clock.now - began)
}

if only.contains("rrd"), FileManager.default.isExecutableFile(atPath: "/usr/bin/rrdtool") {
    let rrdDirectory = workDirectory.appendingPathComponent("rrd")
    try FileManager.default.createDirectory(at: rrdDirectory, withIntermediateDirectories: true)
    // The same archives as the default tiers: raw 60 s × 2880; 5 min × 10080 avg/min/max;
    // 1 h × 9600 avg/max; 1 day × 3650 avg/max; xff 0.5.
    let archives = [
        "RRA:AVERAGE:0.5:1:2880",
        "RRA:AVERAGE:0.5:5:10080", "RRA:MIN:0.5:5:10080", "RRA:MAX:0.5:5:10080",
        "RRA:AVERAGE:0.5:60:9600", "RRA:MAX:0.5:60:9600",
        "RRA:AVERAGE:0.5:1440:3650", "RRA:MAX:0.5:1440:3650",
    ].joined(separator: " ")
    let files = (0..<rrdSeries).map { rrdDirectory.appendingPathComponent("s\($0).rrd").path }
    let createTime = try runRRDTool(files.map { "create \($0) --step 60 --start \(Int(start) - 60) DS:v:GAUGE:120:U:U \(archives)" })
    let rrdBytes = files.reduce(0) { $0 + (FileIO_size($1)) }
    let storedValues = rrdSeries * defaultConfiguration.valuesPerSeries
    // Updates: many values per command, the rrdtool fast path.
    var commands: [String] = []
    let perCommand = 500
    for (seriesIndex, file) in files.enumerated() {
        var sample = 0
        while sample < rrdSamples {
            let chunk = (sample..<min(rrdSamples, sample + perCommand)).map { index in
                "\(Int(start) + index * 60):\(Int(valueTable[(seriesIndex &+ index &* 7) & 4_095]))"
            }
            commands.append("update \(file) " + chunk.joined(separator: " "))
            sample += perCommand
        }
    }
    let updateTime = try runRRDTool(commands)
    let updates = rrdSeries * rrdSamples
    // rrdtool leaves its writes in the page cache; for the same durability as a checkpoint,
    // the time to fsync its files.
    let syncBegan = clock.now
    for file in files {
        if let handle = FileHandle(forUpdatingAtPath: file) {
            try? handle.synchronize()
            try? handle.close()
        }
    }
    let rrdSyncTime = seconds(clock.now - syncBegan)

    // The same series and samples into this store, persisted: (a) appended, then a first
    // checkpoint (a full snapshot); (b) into series that already had a snapshot, so the
    // checkpoint is the steady-state change-log append.
    func ours(_ name: String, snapshotFirst: Bool) throws -> (append: Double, checkpoint: Double, snapshotBytes: Int) {
        let directory = workDirectory.appendingPathComponent(name)
        let store = try TimeSeriesStore(configuration: defaultConfiguration, directory: directory)
        let handles = makeHandles(store, count: rrdSeries)
        if snapshotFirst { try store.checkpoint() }
        var spent = 0.0
        for (seriesIndex, handle) in handles.enumerated() {
            let batch = (0..<rrdSamples).map { index in
                HandleSample(handle: handle, timestamp: start + Double(index * 60), value: Double(Int(valueTable[(seriesIndex &+ index &* 7) & 4_095])))
            }
            let began = clock.now
            store.append(batch)
            spent += seconds(clock.now - began)
        }
        let began = clock.now
        try store.checkpoint()
        let checkpointTime = seconds(clock.now - began)
        let bytes = store.statistics.snapshotBytes
        try? FileManager.default.removeItem(at: directory)
        return (spent, checkpointTime, bytes)
    }
    // Best of three each (a shared machine makes single short runs noisy).
    var fresh = try ours("fresh", snapshotFirst: false)
    var steady = try ours("steady", snapshotFirst: true)
    for _ in 0..<2 {
        let again = try ours("fresh", snapshotFirst: false)
        if again.append + again.checkpoint < fresh.append + fresh.checkpoint { fresh = again }
        let steadyAgain = try ours("steady", snapshotFirst: true)
        if steadyAgain.append + steadyAgain.checkpoint < steady.append + steady.checkpoint { steady = steadyAgain }
    }
    let spent = fresh.append
    let checkpointTime = fresh.checkpoint
    let ourBytes = fresh.snapshotBytes
    report("rrdtool create \(rrdSeries) files", String(format: "%.2f s", createTime))
    report("rrdtool update \(updates) samples (\(perCommand) per command, rrdtool - pipe)", String(format: "%.2f s = %@", updateTime, rate(updates, updateTime)))
    report("this store, same \(updates) samples (append)", String(format: "%.3f s = %@", spent, rate(updates, spent)))
    report("this store, append + full-snapshot checkpoint", String(format: "%.3f s = %@ (%.0f× rrdtool)", spent + checkpointTime, rate(updates, spent + checkpointTime), updateTime / (spent + checkpointTime)))
    report("this store, append + change-log checkpoint (steady state)", String(format: "%.3f s = %@ (%.0f× rrdtool)", steady.append + steady.checkpoint, rate(updates, steady.append + steady.checkpoint), updateTime / (steady.append + steady.checkpoint)))
    report("rrdtool update + fsync of its files", String(format: "%.2f s; vs append + full snapshot: %.0f×, vs append + log checkpoint: %.0f×", updateTime + rrdSyncTime, (updateTime + rrdSyncTime) / (fresh.append + fresh.checkpoint), (updateTime + rrdSyncTime) / (steady.append + steady.checkpoint)))
    report("update speed-up, append only", String(format: "%.0f×", updateTime / spent))
    report("bytes per stored value: rrdtool files", String(format: "%.3f (%@ for %d series)", Double(rrdBytes) / Double(storedValues), mib(rrdBytes), rrdSeries))
    report("bytes per stored value: this store's snapshot", String(format: "%.3f (%@)", Double(ourBytes) / Double(storedValues), mib(ourBytes)))
}

// MARK: - A synthetic exchange over a year

/// The simulated wall clock the store sees while a year is fed in minutes.
// @unchecked Sendable: set and read on the benchmark's one thread only (the store reads its
// clock inside the calls the benchmark makes).
final class SimulatedClock: @unchecked Sendable {
    var now = 0.0
}

/// Feeds `days` of 60 s polls of `exchange` into a persistent store in `directory`, with a
/// checkpoint after every simulated day (as the agent does every few minutes, the log grows
/// until a full snapshot is due); returns the store's statistics at the end, the seconds spent
/// appending, and the last full snapshot's duration and bytes.
func simulate(_ exchange: SyntheticExchange, days: Int, in directory: URL) throws -> (statistics: StoreStatistics, append: Double, snapshotSeconds: Double, snapshotBytes: Int, store: TimeSeriesStore) {
    let simulated = SimulatedClock()
    simulated.now = start
    let store = try TimeSeriesStore(configuration: configuration(rawStep: 60, maxSeries: exchange.seriesCount), directory: directory, clock: { simulated.now })
    let handles = (0..<exchange.seriesCount).compactMap { store.handle(for: exchange.key($0)) }
    var appendSeconds = 0.0
    var snapshotSeconds = 0.0
    var snapshotBytes = 0
    for day in 0..<days {
        simulated.now = start + Double(day + 1) * 86_400
        let began = clock.now
        exchange.feed(store, handles: handles, polls: (day * 1_440)..<((day + 1) * 1_440), start: start)
        appendSeconds += seconds(clock.now - began)
        try store.checkpoint()
        let statistics = store.statistics
        if statistics.lastCheckpointWasSnapshot {
            snapshotSeconds = statistics.lastCheckpointDuration
            snapshotBytes = statistics.lastCheckpointBytes
        }
    }
    return (store.statistics, appendSeconds, snapshotSeconds, snapshotBytes, store)
}

/// Values the default tiers hold per series after `days` of 60 s polls.
func storedValues(days: Int) -> Int {
    StoreConfiguration.defaultTiers(rawStep: 60).reduce(0) { total, tier in
        total + min(tier.rows, days * 86_400 / tier.step) * tier.functions.count
    }
}

if only.contains("rates") {
    // Busy ports' rates three ways: exact n/60, measured over jittered polls, and rounded as
    // the probes round them (`PollRate`).
    print("rates: \(classInterfaces) busy interfaces, \(exchangeDays) days of 60 s polls")
    var results: [String] = []
    for mode in SyntheticExchange.RateMode.allCases {
        var single = SyntheticExchange(interfaces: classInterfaces, only: .busy)
        single.rates = mode
        let directory = workDirectory.appendingPathComponent("rates-\(mode.rawValue)")
        let result = try simulate(single, days: exchangeDays, in: directory)
        let values = single.seriesCount * storedValues(days: exchangeDays)
        let perValue = Double(result.statistics.snapshotBytes) / Double(values)
        results.append(String(format: "%@ %.3f", mode.rawValue, perValue))
        report("busy ports, rates \(mode.rawValue): snapshot bytes per stored value",
               String(format: "%.3f (memory %.3f)", perValue, Double(result.statistics.bytesAllocated) / Double(values)))
        try? FileManager.default.removeItem(at: directory)
    }
    report("busy ports, bytes per stored value by rate", results.joined(separator: ", "))
}

if only.contains("exchange") {
    let exchange = SyntheticExchange(interfaces: exchangeInterfaces)
    let valuesPerSeries = storedValues(days: exchangeDays)
    let target = 5_000
    print("exchange: \(exchange.interfaces) interfaces, \(exchange.seriesCount) series, \(exchangeDays) days of 60 s polls")
    // Each class on its own: bytes per stored value.
    for portClass in SyntheticExchange.PortClass.allCases {
        let single = SyntheticExchange(interfaces: classInterfaces, only: portClass)
        let directory = workDirectory.appendingPathComponent("class-\(portClass.rawValue)")
        let result = try simulate(single, days: exchangeDays, in: directory)
        let snapshot = result.statistics.snapshotBytes
        try result.store.checkpoint()
        let values = single.seriesCount * valuesPerSeries
        report("\(portClass.rawValue) ports: snapshot bytes per stored value (\(single.seriesCount) series, \(exchangeDays) days)",
               String(format: "%.3f (memory %.3f)", Double(snapshot) / Double(values), Double(result.statistics.bytesAllocated) / Double(values)))
        try? FileManager.default.removeItem(at: directory)
    }
    // The mix: disk, memory, checkpoints, restart.
    let directory = workDirectory.appendingPathComponent("exchange")
    var steadyRSS = 0
    var allocated = 0
    var diskBytes = 0
    do {
        let result = try simulate(exchange, days: exchangeDays, in: directory)
        let samples = exchange.seriesCount * exchangeDays * 1_440
        report("exchange ingest over the year (\(samples) samples, append only)", rate(samples, result.append))
        report("checkpoint, last full snapshot, \(exchange.seriesCount) series", String(format: "%.3f s, %@", result.snapshotSeconds, mib(result.snapshotBytes)))
        // Five more minutes of polls, then the steady-state checkpoint (the change log).
        exchange.feed(result.store, handles: (0..<exchange.seriesCount).compactMap { result.store.handle(for: exchange.key($0)) },
                      polls: (exchangeDays * 1_440)..<(exchangeDays * 1_440 + 5), start: start)
        let began = clock.now
        try result.store.checkpoint()
        report("checkpoint, change log, 5 min of \(exchange.seriesCount) series", String(format: "%.4f s, %@", seconds(clock.now - began), mib(result.store.statistics.lastCheckpointBytes)))
        let statistics = result.store.statistics
        allocated = statistics.bytesAllocated
        steadyRSS = residentMemory().current
        diskBytes = directoryBytes(directory)
        let values = exchange.seriesCount * valuesPerSeries
        report("mix (20 % busy, 30 % diurnal, 50 % idle): snapshot bytes per stored value", String(format: "%.3f (%d values per series)", Double(statistics.snapshotBytes) / Double(values), valuesPerSeries))
        report("mix: state directory after \(exchangeDays) days", String(format: "%@ = %.1f KiB per series, %.1f KiB per interface; %.2f GiB at %d interfaces",
               mib(diskBytes), Double(diskBytes) / Double(exchange.seriesCount) / 1024, Double(diskBytes) / Double(exchange.interfaces) / 1024,
               Double(diskBytes) / Double(exchange.interfaces) * Double(target) / 1_073_741_824, target))
        report("mix: store memory (allocated bytes)", String(format: "%@ = %.1f KiB per series; %.2f GiB at %d interfaces", mib(allocated),
               Double(allocated) / Double(exchange.seriesCount) / 1024, Double(allocated) / Double(exchange.interfaces) * Double(target) / 1_073_741_824, target))
        report("mix: steady RSS of this process", mib(steadyRSS))
    }
    // Restart in a child process.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["--restart-probe", directory.path, "--exchange-interfaces", "\(exchangeInterfaces)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("RESTART ") }) {
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        if fields.count >= 6 {
            report("restart: load time, \(Int(fields[3])) series (\(Int(fields[5])) blocks lost)", String(format: "%.2f s", fields[2]))
            report("restart: RSS after load / peak RSS during the restart (process before load: \(mib(Int(fields[4]))))",
                   "\(mib(Int(fields[0]))) / \(mib(Int(fields[1])))")
        }
    }
    // rrdtool: one file with the same archives; its size is fixed whatever it holds.
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/rrdtool") {
        let file = workDirectory.appendingPathComponent("one.rrd").path
        _ = try runRRDTool(["create \(file) --step 60 --start \(Int(start) - 60) DS:v:GAUGE:120:U:U RRA:AVERAGE:0.5:1:2880 RRA:AVERAGE:0.5:5:10080 RRA:MIN:0.5:5:10080 RRA:MAX:0.5:5:10080 RRA:AVERAGE:0.5:60:9600 RRA:MAX:0.5:60:9600 RRA:AVERAGE:0.5:1440:3650 RRA:MAX:0.5:1440:3650"])
        let size = FileIO_size(file)
        report("rrdtool: one file per series, same archives", String(format: "%d bytes = %.1f KiB per series (%.2f bytes per stored value after %d days), %.2f GiB at %d interfaces",
               size, Double(size) / 1024, Double(size) / Double(valuesPerSeries), exchangeDays,
               Double(size * SyntheticExchange.seriesPerInterface * target) / 1_073_741_824, target))
    }
    // Prometheus TSDB: the same samples over a short window, scaled to a year of raw samples.
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") {
        let input = workDirectory.appendingPathComponent("window.om")
        let polls = promHours * 60
        try exchange.openMetrics(polls: 0..<polls, start: start, to: input)
        let output = workDirectory.appendingPathComponent("prometheus")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=\(max(2, promHours))h", input.path, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let bytes = directoryBytes(output)
        let perSample = Double(bytes) / Double(exchange.seriesCount * polls)
        let perSeriesYear = perSample * 525_600
        report("Prometheus TSDB (promtool, \(promHours) h of the same samples, exit \(process.terminationStatus))",
               String(format: "%.2f bytes per sample; a year of raw 60 s samples: %.1f KiB per series, %.2f GiB at %d interfaces",
                      perSample, perSeriesYear / 1024, perSeriesYear * Double(SyntheticExchange.seriesPerInterface * target) / 1_073_741_824, target))
    }
    try? FileManager.default.removeItem(at: directory)
}

// MARK: - Imported lab history

/// Imports an OpenMetrics history (e.g. `synth-history --scenario lab`) as `ixp-health import
/// --raw-step N` does and reports the state directory's bytes per known stored value, in all
/// and per coarse tier (each tier measured as a store of the raw tier and that tier alone,
/// minus the store of the raw tier alone).
if only.contains("lab"), let file = options["openmetrics"] {
    let rawStep = option("lab-raw-step", 3_600)
    let plan = try OpenMetricsImporter().parse(contentsOf: URL(fileURLWithPath: file))
    let tiers = StoreConfiguration.defaultTiers(rawStep: rawStep)
    let now = plan.series.map { $0.timestamps.last ?? 0 }.max() ?? 0
    func importInto(_ tiers: [Tier], name: String) throws -> (bytes: Int, store: TimeSeriesStore) {
        var configuration = StoreConfiguration()
        configuration.tiers = tiers
        configuration.maxSeries = plan.series.count + 1
        configuration.reclaimAfter = 1e12
        let directory = workDirectory.appendingPathComponent("lab-\(name)")
        let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: { now + 3_600 })
        _ = try store.importHistory(plan)
        try store.checkpoint()
        return (directoryBytes(directory), store)
    }
    func knownValues(_ store: TimeSeriesStore, tier: Int, functions: [ConsolidationFunction]) -> Int {
        var known = 0
        for series in plan.series {
            for function in functions {
                let values = store.query(series.key, tier: tier, from: now - 20 * 365 * 86_400, to: now + 3_600, function: function)?.values ?? []
                known += values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
            }
        }
        return known
    }
    let whole = try importInto(tiers, name: "all")
    var allKnown = 0
    for (index, tier) in tiers.enumerated() { allKnown += knownValues(whole.store, tier: index, functions: index == 0 ? [.average] : tier.functions) }
    let samples = plan.series.reduce(0) { $0 + $1.timestamps.count }
    report("lab history: \(plan.series.count) series, \(samples) samples, raw step \(rawStep) s, state directory",
           String(format: "%@, %.3f bytes per known stored value (%d values), memory %.3f bytes per value", mib(whole.bytes),
                  Double(whole.bytes) / Double(max(1, allKnown)), allKnown, Double(whole.store.statistics.bytesAllocated) / Double(max(1, allKnown))))
    let rawOnly = try importInto([tiers[0]], name: "raw")
    let rawKnown = knownValues(rawOnly.store, tier: 0, functions: [.average])
    report("lab history, raw tier (\(tiers[0].rows) rows of \(tiers[0].step) s)",
           String(format: "%.3f bytes per known value (%d values; includes keys and series state)", Double(rawOnly.bytes) / Double(max(1, rawKnown)), rawKnown))
    for tier in tiers.dropFirst() {
        let pair = try importInto([tiers[0], tier], name: tier.name)
        let known = knownValues(pair.store, tier: 1, functions: tier.functions)
        report("lab history, tier \(tier.name) (\(tier.step) s × \(tier.rows), \(tier.functions.map(\.rawValue).joined(separator: "/")))",
               String(format: "%.3f bytes per known value (%d values)", Double(pair.bytes - rawOnly.bytes) / Double(max(1, known)), known))
    }
}

func FileIO_size(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

print("\n| measurement | result |\n|---|---|")
for (name, value) in results { print("| \(name) | \(value) |") }
