import ProbeKit
import TimeSeries
import IXPCore

/// The store's own health as metric families.
enum StoreMetrics {
    /// The families; counters carry `created` (when the agent started counting) for OpenMetrics.
    static func families(_ statistics: StoreStatistics, created: Double? = nil) -> [MetricFamily] {
        func gauge(_ name: String, _ help: String, _ value: Double) -> MetricFamily {
            MetricFamily(name: name, help: help, kind: .gauge, samples: [MetricSample(labels: [], value: value)])
        }
        func counter(_ name: String, _ help: String, _ value: Double) -> MetricFamily {
            MetricFamily(name: name, help: help, kind: .counter, samples: [MetricSample(labels: [], value: value, created: created)])
        }
        return [
            gauge("ixp_store_series", "Series held by the time-series store.", Double(statistics.seriesCount)),
            gauge("ixp_store_series_limit", "The most series the store keeps (max_series).", Double(statistics.maxSeries)),
            gauge("ixp_store_series_bytes", "Bytes one series' rings would take uncompressed with every row written (an upper bound).",
                  Double(statistics.bytesPerSeries)),
            gauge("ixp_store_allocated_bytes", "Bytes the store has allocated for its series: raw rings, compressed chunks and their tables.",
                  Double(statistics.bytesAllocated)),
            gauge("ixp_store_stale_series", "Series whose source has not reported for a while.", Double(statistics.staleSeries)),
            counter("ixp_store_samples_appended_total", "Samples the store accepted.", Double(statistics.samplesAccepted)),
            MetricFamily(
                name: "ixp_store_samples_dropped_total", help: "Samples the store did not keep, by reason.", kind: .counter,
                samples: [
                    MetricSample(labels: [("reason", "out_of_order")], value: Double(statistics.samplesOutOfOrder), created: created),
                    MetricSample(labels: [("reason", "over_series_limit")], value: Double(statistics.samplesRefusedOverCap), created: created),
                    MetricSample(labels: [("reason", "invalid")], value: Double(statistics.samplesInvalid), created: created),
                ]),
            gauge("ixp_store_newest_sample_ahead_seconds",
                  "How far the newest stored sample is ahead of the wall clock while polls are refused as out of order (the clock was set back); 0 otherwise.",
                  statistics.newestSampleAheadSeconds),
            counter("ixp_store_series_refused_total", "New series refused because the store was at max_series.",
                    Double(statistics.seriesRefusedOverCap)),
            counter("ixp_store_stale_series_reclaimed_total", "Stale series whose slots were reclaimed.",
                    Double(statistics.staleSeriesReclaimed)),
            counter("ixp_store_checkpoints_total", "Checkpoints written.", Double(statistics.checkpoints)),
            counter("ixp_store_checkpoint_failures_total", "Checkpoints that failed (disk full, I/O error).",
                    Double(statistics.checkpointFailures)),
            gauge("ixp_store_checkpoint_duration_seconds", "Duration of the last checkpoint.", statistics.lastCheckpointDuration),
            gauge("ixp_store_checkpoint_bytes", "Bytes written by the last checkpoint.", Double(statistics.lastCheckpointBytes)),
            gauge("ixp_store_last_checkpoint_timestamp_seconds", "When the last checkpoint was written (Unix time).",
                  statistics.lastCheckpointTime),
            gauge("ixp_store_disk_full", "1 while the state directory cannot be written (history kept in memory only).",
                  statistics.diskFull ? 1 : 0),
        ]
    }
}
