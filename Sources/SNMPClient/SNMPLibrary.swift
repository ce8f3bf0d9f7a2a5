import CNetSNMP
#if canImport(Glibc)
import Glibc
#endif
public import Logging
import Synchronization

/// net-snmp's process-wide set-up. net-snmp must be initialised once, before any session is
/// opened, on one thread: every entry point of this module calls `SNMPLibrary.initialize()`
/// first, which does that exactly once.
///
/// The library is set up to load no MIB files and read no configuration files (the agent uses
/// numeric OIDs only), to persist nothing, and to send its log lines to swift-log instead of
/// stderr.
public enum SNMPLibrary {
    /// Whether net-snmp is initialised. Held while `init_snmp` runs, which may log: the logger
    /// therefore has a lock of its own (one lock for both crashed with "Recursive call to lock
    /// Mutex" when `init_snmp` logged).
    private static let initialized = Mutex(false)
    private static let logger = Mutex(Logger(label: "ixp-health.net-snmp"))

    /// Initialises net-snmp once; later calls do nothing. `logger` receives net-snmp's own
    /// log lines (the latest one given).
    public static func initialize(logger: Logger? = nil) {
        if let logger { self.logger.withLock { $0 = logger } }
        initialized.withLock { initialized in
            guard !initialized else { return }
            initialized = true
            _ = setenv("MIBS", "", 1)
            _ = setenv("MIBDIRS", "/nonexistent", 1)
            _ = netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1)
            _ = netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1)
            _ = netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1)
            _ = netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1)
            snmp_disable_log()
            snmp_enable_calllog()
            _ = snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, { _, _, serverArg, _ in
                guard let message = serverArg?.assumingMemoryBound(to: snmp_log_message.self).pointee,
                      let text = message.msg else { return 0 }
                SNMPLibrary.log(priority: message.priority, String(cString: text))
                return 0
            }, nil)
            init_snmp("ixp-health")
        }
    }

    private static func log(priority: Int32, _ text: String) {
        let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard !line.isEmpty else { return }
        let logger = self.logger.withLock { $0 }
        switch priority {
        case 0...3: logger.error("\(line)")        // LOG_EMERG … LOG_ERR
        case 4: logger.warning("\(line)")           // LOG_WARNING
        case 5, 6: logger.info("\(line)")           // LOG_NOTICE, LOG_INFO
        default: logger.debug("\(line)")
        }
    }
}
