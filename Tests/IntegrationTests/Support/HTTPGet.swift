import ProcessTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP GETs to servers the tests started on loopback.
enum HTTPGet {
    /// The body of `url` as text; throws unless the status is 200.
    static func text(_ url: String, timeout: Double = 5) throws -> String {
        let result = try Subprocess.run("curl", ["-sS", "--max-time", String(timeout), "-w", "\n%{http_code}", url],
                                        timeout: timeout + 5)
        guard result.succeeded else { throw HarnessError("curl \(url): \(result.stderr)") }
        var lines = result.stdout.components(separatedBy: "\n")
        let status = lines.popLast() ?? ""
        guard status == "200" else { throw HarnessError("GET \(url) answered \(status)") }
        return lines.joined(separator: "\n")
    }
}
