public import ProbeKit
import IXPCore
import Foundation

/// Reads the replies of `show protocols all` and `show status` into values.
public enum BIRDProtocolsParser {
    /// The BGP protocols of a `show protocols all` reply; other protocols (device, static,
    /// kernel, …) are skipped. Fails on a protocol row it cannot read.
    public static func neighbors(_ reply: BIRDReply) throws(ProbeError) -> [BIRDNeighbor] {
        var result: [BIRDNeighbor] = []
        var current: BIRDNeighbor?
        var isBGP = false
        var channel: Int?
        func finish() {
            if let neighbor = current, isBGP { result.append(neighbor) }
            current = nil
            channel = nil
        }
        for line in reply.lines {
            switch line.code {
            case 1002 where line.numbered:
                finish()
                let row = try row(line.text)
                isBGP = row.proto == "BGP"
                current = BIRDNeighbor(name: row.name, protocolState: row.state, since: row.since, info: row.info)
            case 1006:
                guard current != nil else { continue }
                let text = line.text.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("Channel ") {
                    current?.channels.append(.init(family: String(text.dropFirst(8)).trimmingCharacters(in: .whitespaces)))
                    channel = (current?.channels.count ?? 1) - 1
                    continue
                }
                guard let colon = text.firstIndex(of: ":") else { continue }
                let key = String(text[..<colon])
                let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if let index = channel {
                    switch key {
                    case "State": current?.channels[index].state = value
                    case "Import limit": current?.channels[index].importLimit = Int(value)
                    case "Routes":
                        if var updated = current?.channels[index] {
                            applyRoutes(value, to: &updated)
                            current?.channels[index] = updated
                        }
                    default: break
                    }
                    continue
                }
                switch key {
                case "Description": current?.description = value
                case "BGP state": current?.bgpState = value
                case "Neighbor address": current?.neighborAddress = value
                case "Neighbor AS": current?.neighborAS = UInt32(value)
                case "Last error": current?.lastError = value
                default: break
                }
            default:
                continue
            }
        }
        finish()
        return result
    }

    /// `3 imported, 1 filtered, 2 exported, 3 preferred`.
    static func applyRoutes(_ text: String, to channel: inout BIRDNeighbor.Channel) {
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ")
            guard words.count == 2, let count = Int(words[0]) else { continue }
            switch words[1] {
            case "imported": channel.imported = count
            case "filtered": channel.filtered = count
            case "exported": channel.exported = count
            case "preferred": channel.preferred = count
            default: break
            }
        }
    }

    /// A protocol row: `m65001     BGP        ---        up     20:57:37.887  Established`.
    /// `Since` is one word (`20:57:37.887`, `2026-11-27`) or two (`2026-11-27 20:57:37`).
    static func row(_ text: String) throws(ProbeError) -> (name: String, proto: String, state: String, since: String, info: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 5 else { throw ProbeError("cannot read the protocol row '\(text)'") }
        var since = words[4]
        var infoStart = 5
        if isDate(since), words.count > 5, isTime(words[5]) {
            since += " " + words[5]
            infoStart = 6
        }
        return (words[0], words[1], words[3], since, words[infoStart...].joined(separator: " "))
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isNumber || $0 == "." } }
    }

    /// The server's clock from `show status` (`Current server time is 2026-11-27 20:57:55.760`),
    /// in BIRD's local time as seconds since 1970 read as UTC: only differences with the
    /// protocols' `Since` (which is in the same local time) are meaningful.
    public static func serverTime(_ reply: BIRDReply) -> Double? {
        for line in reply.lines {
            let text = line.text.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("Current server time is ") else { continue }
            return localSeconds(String(text.dropFirst("Current server time is ".count)), today: nil)
        }
        return nil
    }

    /// Seconds in the state since `since`, given the server's clock `now` (both local time):
    /// `HH:MM:SS[.fff]` is today (or yesterday, when that is later than now), a date alone is
    /// its midnight, a date and time are exact, and a plain number is Unix time (a
    /// `timeformat protocol "%s"` configuration). Nil when the format is unknown.
    public static func secondsInState(since: String, now: Double) -> Double? {
        guard let start = localSeconds(since, today: now) else { return nil }
        var elapsed = now - start
        if elapsed < -1, isTime(since) { elapsed += 86_400 }
        return max(0, elapsed)
    }

    /// `YYYY-MM-DD[ HH:MM:SS[.fff]]`, or `HH:MM:SS[.fff]` on the day of `today`, as seconds.
    static func localSeconds(_ text: String, today: Double?) -> Double? {
        let words = text.split(separator: " ").map(String.init)
        if words.count == 1, let number = Double(words[0]), !words[0].contains(":"), !words[0].contains("-") { return number }
        var day: Double?
        var time: Double = 0
        for word in words {
            if isDate(word) {
                let parts = word.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 3 else { return nil }
                day = Double(UTCCalendar.days(year: parts[0], month: parts[1], day: parts[2])) * 86_400
            } else if isTime(word) {
                let parts = word.split(separator: ":").compactMap { Double($0) }
                guard parts.count == 3 else { return nil }
                time = parts[0] * 3600 + parts[1] * 60 + parts[2]
            } else {
                return nil
            }
        }
        if day == nil, let today { day = (today / 86_400).rounded(.down) * 86_400 }
        guard let day else { return nil }
        return day + time
    }
}
