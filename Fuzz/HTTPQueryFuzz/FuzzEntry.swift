// libFuzzer entry point for the query parameters of the HTTP API (Sources/Agent: `PageRequest`
// of the paginated lists, `HistoryAPI.window` of the range queries), on Hummingbird's request
// type. Built by Fuzz/run.sh against the package's build; see Fuzz/README.md.
import HTTPTypes
import Hummingbird
import NIOCore

/// Uses one input as the query string of a GET request: the page must be in range or refused
/// with an error, the window must start before it ends; a trap or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let head = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/api/v1/range?" + query)
    let request = Request(head: head, body: .init(buffer: ByteBuffer()))
    if let page = try? PageRequest(request) {
        if page.limit < 1 || page.limit > 10_000 || page.offset < 0 { fatalError("page \(page)") }
        let (items, info) = page.slice(Array(0..<50))
        if items.count > page.limit || info.total != 50 { fatalError("slice \(info)") }
    }
    if let (start, end) = try? HistoryAPI.window(from: request, now: 1_700_000_000) {
        if !(start < end) || !start.isFinite || !end.isFinite { fatalError("window \(start) \(end)") }
    }
    return 0
}
