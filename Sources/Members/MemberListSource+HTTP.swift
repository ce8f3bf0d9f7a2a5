import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

// The network half of MemberListSource, kept apart so that the rest of the module is plain
// parsing and storage.
extension MemberListSource {
    /// Fetches the URL with async-http-client: redirects followed (at most 5), a non-2xx status,
    /// a body over `maxBytes` (by `Content-Length` or as it streams) or a fetch longer than
    /// `timeout` is an error.
    func fetchHTTP() async throws(MemberListError) -> Data {
        let location = self.location
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustedCAFile {
            guard FileManager.default.isReadableFile(atPath: trustedCAFile) else {
                throw MemberListError("\(location): CA file \(trustedCAFile) cannot be read", reason: .badLocation)
            }
            tls.trustRoots = .file(trustedCAFile)
        }
        let limit = TimeAmount.nanoseconds(nanoseconds(timeout))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: limit, read: limit))
        // A refused or failed connection is reported now rather than retried until the
        // deadline: the next refresh is the retry.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: Result<Data, MemberListError>
        do {
            result = .success(try await withDeadline(timeout) { try await download(with: client, limit: limit) })
        } catch let error as MemberListError {
            result = .failure(error)
        } catch {
            result = .failure(describe(error))
        }
        try? await client.shutdown()
        return try result.get()
    }

    private func download(with client: HTTPClient, limit: TimeAmount) async throws -> Data {
        var request = HTTPClientRequest(url: location)
        request.headers.add(name: "User-Agent", value: "ixp-health")
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, timeout: limit)
        guard (200..<300).contains(response.status.code) else {
            throw MemberListError(
                "\(location): the server answered HTTP \(response.status.code) \(response.status.reasonPhrase)",
                reason: .httpStatus(Int(response.status.code)))
        }
        if let length = response.headers.first(name: "Content-Length").flatMap({ Int($0) }), length > maxBytes {
            throw tooLarge()
        }
        do {
            let buffer = try await response.body.collect(upTo: maxBytes)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge()
        }
    }

    /// Runs `body`, throwing a timeout error when it has not finished after `duration`.
    private func withDeadline<T: Sendable>(
        _ duration: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let location = self.location
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: duration)
                throw MemberListError("\(location): no complete answer within \(duration)", reason: .timeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else {
                throw MemberListError("\(location): the fetch ended without a result", reason: .unreachable)
            }
            return first
        }
    }

    private func tooLarge() -> MemberListError {
        MemberListError("\(location): larger than the limit of \(maxBytes) bytes", reason: .tooLarge)
    }

    private func describe(_ error: any Error) -> MemberListError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .tlsHandshakeTimeout, .writeTimeout:
                return MemberListError("\(location): no answer in time (\(error))", reason: .timeout)
            case .invalidURL, .emptyHost, .emptyScheme:
                return MemberListError("\(location): not a valid URL (\(error))", reason: .badLocation)
            default:
                return MemberListError("\(location): fetch failed: \(error)", reason: .unreachable)
            }
        }
        if error is NIOSSLError || error is BoringSSLError {
            return MemberListError("\(location): TLS failed: \(error)", reason: .unreachable)
        }
        return MemberListError("\(location): cannot fetch: \(error)", reason: .unreachable)
    }
}

private func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    return overflow ? .max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
}
