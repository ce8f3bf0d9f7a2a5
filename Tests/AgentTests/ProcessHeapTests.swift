import Foundation
import Testing
@testable import Agent

@Suite struct ProcessHeapTests {
    /// Anonymous resident memory of this process (kB), from /proc/self/status.
    func residentAnonymousKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// 64 MiB of small blocks freed behind one that stays: `free` cannot shrink the heap past
    /// it, and the pages stay resident until `releaseFreePages` hands them back.
    @Test func freedPagesGoBackToTheSystem() {
        let count = 131_072
        var blocks = [UnsafeMutableRawPointer?](repeating: nil, count: count)
        for index in 0..<count {
            guard let block = malloc(512) else { continue }
            memset(block, 1, 512)
            blocks[index] = block
        }
        let pin = malloc(512)
        for block in blocks { free(block) }
        let before = residentAnonymousKiB()
        ProcessHeap.releaseFreePages()
        let after = residentAnonymousKiB()
        free(pin)
        #expect(before - after > 32 * 1_024, "RssAnon \(before) kB before the trim, \(after) kB after")
    }
}
