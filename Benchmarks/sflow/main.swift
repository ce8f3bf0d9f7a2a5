// The sFlow benchmark's collector: the agent's own listener path (socket → SFlowDecoder →
// SFlowTrafficMatrix behind a Mutex, one thread), compiled on its own with -O by run.sh.
//
//   sflow-collector PORT MEMBERS_MACS   (MACs comma-separated; member i gets ASN 64500+i)
//
// It prints one line when it has been idle for two seconds after the first datagram:
//   datagrams=N decoded=N rejected=N flow_samples=N pairs=N member_bytes=X
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = UInt16(arguments[1]) else {
    print("usage: sflow-collector PORT MAC,MAC,…")
    exit(2)
}
var macs: [MACAddress: UInt32] = [:]
for (index, text) in arguments[2].split(separator: ",").enumerated() {
    guard let mac = MACAddress(String(text)) else { print("not a MAC: \(text)"); exit(2) }
    macs[mac] = 64_500 + UInt32(index)
}
let members = SFlowMemberMap(macs: macs)
let listener: SFlowSocket
do {
    listener = try SFlowSocket(try SFlowListenAddress(parsing: "127.0.0.1:\(port)"), receiveBufferBytes: 32 << 20)
} catch {
    print("\(error)")
    exit(2)
}
let decoder = SFlowDecoder()
let matrix = Mutex(SFlowTrafficMatrix())
let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)
var received = 0
var idle = 0
print("listening on 127.0.0.1:\(listener.port)")
while true {
    guard let count = listener.receive(into: buffer) else { print("receive failed"); exit(1) }
    if count == 0 {
        if received > 0 { idle += 1 }
        if idle >= 10 { break }
        continue
    }
    idle = 0
    received += 1
    let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
    do {
        let datagram = try decoder.decode(bytes)
        matrix.withLock { $0.add(datagram, members: members) }
    } catch {
        matrix.withLock { $0.reject(error.reason) }
    }
}
let totals = matrix.withLock { $0 }
print("datagrams=\(received) decoded=\(Int(totals.decodedDatagrams)) rejected=\(Int(totals.rejectedDatagrams.values.reduce(0, +))) flow_samples=\(Int(totals.flowSamples)) pairs=\(totals.pairs.count) member_bytes=\(Int(totals.memberBytes))")
