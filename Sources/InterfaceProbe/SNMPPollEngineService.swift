import ServiceLifecycle
import SNMPClient

/// Keeps the shared `SNMPPollEngine` for as long as the agent runs, and stops its threads at
/// graceful shutdown (after the scheduler, which stops first, has made its last poll).
struct SNMPPollEngineService: Service {
    let engine: SNMPPollEngine

    func run() async throws {
        try? await gracefulShutdown()
        engine.shutdown()
    }
}
