// libFuzzer entry point for the IX-F member-list parser (Sources/Members).
// Built by Fuzz/run.sh together with the parser's sources; see Fuzz/README.md.
import Foundation

/// Parses one input as an IX-F export: it must either give a registry whose lookups work or
/// throw a `MemberListError`; a trap or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMemberList(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let registry = try? IXFMemberListParser.parse(bytes, source: "fuzz") {
        for member in registry.members {
            for mac in member.macAddresses { _ = registry.member(mac: mac) }
            for address in member.ipv4Addresses + member.ipv6Addresses { _ = registry.member(address: address) }
        }
        _ = registry.routeServerAddresses
    }
    return 0
}
