import Foundation
import Synchronization

extension Persister {
    /// Writes a checkpoint: the changes since the last one appended to the log, or, when the
    /// log has grown past `compactionRatio` of the snapshot (or cannot be trusted), a new full
    /// snapshot. On failure the store keeps running in memory, logging stops, and the next
    /// checkpoint tries a full snapshot again.
    func checkpoint(core: borrowing Mutex<StoreCore>, now: Double) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let ratio = configuration.compactionRatio
        let needsSnapshot = self.needsSnapshot
        let (logBytes, snapshotBytes) = (self.logBytes, self.snapshotBytes)
        let (pending, fullSnapshot) = core.withLock { core -> (ChangeLog?, Bool) in
            _ = core.reclaimStale(now: now)
            let old = core.takeLog()
            let grown = Double(logBytes + (old?.byteCount ?? 0)) > ratio * Double(max(snapshotBytes, 1 << 20))
            return (old, needsSnapshot || old == nil || grown)
        }
        do {
            var written = 0
            if fullSnapshot {
                written = try writeSnapshot(core: core)
            } else if let pending, pending.byteCount > 0 {
                written = try appendLog(pending)
            }
            let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let (snapshotSize, logSize) = (self.snapshotBytes, self.logBytes)
            core.withLock { core in
                core.statistics.checkpoints += 1
                core.statistics.lastCheckpointDuration = duration
                core.statistics.lastCheckpointBytes = written
                core.statistics.lastCheckpointWasSnapshot = fullSnapshot
                core.statistics.lastCheckpointTime = now
                core.statistics.diskFull = false
                core.statistics.lastPersistenceError = nil
                core.statistics.snapshotBytes = snapshotSize
                core.statistics.logBytes = logSize
            }
        } catch {
            self.needsSnapshot = true
            core.withLock { core in
                core.logging = false
                core.statistics.checkpointFailures += 1
                core.statistics.diskFull = FileIO.isDiskFull(error)
                core.statistics.lastPersistenceError = "\(error)"
            }
            throw error
        }
    }

    /// Appends one block of changes to the current log and fsyncs it; returns the bytes written.
    func appendLog(_ log: ChangeLog) throws -> Int {
        let path = logPath(generation)
        let isNew = FileIO.fileSize(path) == nil
        let fd = try FileIO.openForWriting(path, truncate: false)
        defer { close(fd) }
        var written = 0
        var header = ByteWriter(capacity: 64)
        defer { header.free() }
        do {
            // Each chunk is one block: its header and padding come from a small buffer, the
            // chunk itself is written from where it lies (no copy).
            for chunk in log.chunks where chunk.count > 0 {
                header.reset()
                let padding = BlockFormat.writeHeader(.changes, payload: chunk.bytes, to: &header)
                try FileIO.writeAll(fd, header.bytes, path: path)
                try FileIO.writeAll(fd, chunk.bytes, path: path)
                if padding > 0 {
                    try withUnsafeBytes(of: UInt64(0)) { try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[0..<padding]), path: path) }
                }
                written += header.count + chunk.count + padding
            }
            try FileIO.sync(fd, path: path)
        } catch {
            // Cut off the torn block so the log stays clean for readers.
            try? FileIO.truncate(path, to: logBytes)
            throw error
        }
        if isNew { try FileIO.syncDirectory(directory) }
        logBytes += written
        return written
    }


    /// Writes a full snapshot series by series (each copied under the lock, written outside
    /// it), then replaces the old one atomically and drops the logs it supersedes.
    func writeSnapshot(core: borrowing Mutex<StoreCore>) throws -> Int {
        let newGeneration = generation + 1
        FileIO.remove(logPath(newGeneration))
        let temporary = snapshotPath + ".tmp"
        let fd = try FileIO.openForWriting(temporary, truncate: true)
        var closed = false
        defer { if !closed { close(fd) } }
        var writer = ByteWriter(capacity: 8 << 20)
        defer { writer.free() }
        var total = 0
        func flush() throws {
            try FileIO.writeAll(fd, writer.bytes, path: temporary)
            total += writer.count
            writer.reset()
        }
        do {
            let header = try JSONEncoder().encode(Header(format: Self.formatVersion, generation: newGeneration, tiers: configuration.tiers))
            BlockFormat.writeBlock(.fileHeader, to: &writer) { w in header.withUnsafeBytes { w.write(bytes: $0) } }
            let slotCount = core.withLock { Int($0.nextUnused) }
            for index in 0..<slotCount {
                core.withLock { core in Self.encodeSeries(core, index: index, into: &writer) }
                if writer.count >= 4 << 20 { try flush() }
            }
            BlockFormat.writeBlock(.fileTrailer, to: &writer) { w in header.withUnsafeBytes { w.write(bytes: $0) } }
            try flush()
            try FileIO.sync(fd, path: temporary)
            close(fd)
            closed = true
            try FileIO.rename(temporary, snapshotPath)
            try FileIO.syncDirectory(directory)
        } catch {
            FileIO.remove(temporary)
            throw error
        }
        for name in (try? FileIO.list(directory)) ?? [] where name.hasPrefix("wal-") && name.hasSuffix(".log") {
            if let number = UInt64(name.dropFirst(4).dropLast(4)), number < newGeneration {
                FileIO.remove(directory + "/" + name)
            }
        }
        generation = newGeneration
        snapshotBytes = total
        logBytes = 0
        needsSnapshot = false
        return total
    }
}

extension TimeSeriesStore {
    /// Writes a checkpoint to the state directory (normally every `checkpointInterval` seconds):
    /// the changes since the last one, or a full snapshot when due. Also reclaims stale series.
    ///
    /// On failure — e.g. a full disk — it throws, sets `statistics.diskFull` /
    /// `lastPersistenceError`, and the store keeps working in memory; the next call retries.
    /// Throws `StoreError.notPersistent` for a memory-only store.
    public func checkpoint() throws {
        let now = clock()
        try persister.withLock { persister in
            guard let persister else { throw StoreError.notPersistent }
            try persister.checkpoint(core: core, now: now)
        }
    }
}
