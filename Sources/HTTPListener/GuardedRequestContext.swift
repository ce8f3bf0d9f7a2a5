public import Hummingbird
import Logging
public import NIOCore

/// The request context of the listener's gate (`HTTPGuard`): Hummingbird's core context plus
/// the channel the request came in on, for the client's address.
public struct GuardedRequestContext: RequestContext {
    /// Hummingbird's core context.
    public var coreContext: CoreRequestContextStorage
    /// The connection.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// The client's IP address, when the channel knows it.
    public var clientAddress: String? { channel.remoteAddress?.ipAddress }

    /// The context the router's routes take.
    public var basicContext: BasicRequestContext {
        BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
    }
}
