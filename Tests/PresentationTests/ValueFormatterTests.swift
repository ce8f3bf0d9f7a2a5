import Testing
@testable import Detection
@testable import Presentation
import IXPCore

@Suite struct ValueFormatterTests {
    let en = ValueFormatter(language: .english)
    let fr = ValueFormatter(language: .french)
    let nnbsp = "\u{202F}"
    let nbsp = "\u{00A0}"

    @Test func numbersAndCounts() {
        #expect(en.number(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(fr.number(1_234_567.891, decimals: 2) == "1\(nnbsp)234\(nnbsp)567,89")
        #expect(en.number(-0.5, decimals: 1) == "\u{2212}0.5")
        #expect(en.number(3, signed: true) == "+3")
        #expect(en.count(0) == "0")
        #expect(en.count(999) == "999")
        #expect(fr.count(1000) == "1\(nnbsp)000")
        #expect(en.count(Double.nan) == "–")
        #expect(en.plain(0.012345) == "0.0123")
        #expect(fr.plain(4.5) == "4,5")
    }

    @Test func percentagesAndPValues() {
        #expect(en.percent(0.125) == "13%")
        #expect(en.percent(0.055) == "5.5%")
        #expect(fr.percent(0.055) == "5,5\(nnbsp)%")
        #expect(en.percent(-0.112, decimals: 1, signed: true) == "\u{2212}11.2%")
        #expect(en.percent(0.2, signed: true) == "+20%")
        #expect(en.percent(.infinity) == "–")
        #expect(en.pValue(0.00004) == "<\(nbsp)0.001")
        #expect(fr.pValue(0.034) == "0,03")
        #expect(en.pValue(0.0042) == "0.004")
    }

    @Test func bitsPerSecond() {
        #expect(en.bitsPerSecond(1.234e9) == "1.23\(nbsp)Gb/s")
        #expect(fr.bitsPerSecond(1.234e9) == "1,23\(nbsp)Gbit/s")
        #expect(en.bitsPerSecond(950e3) == "950\(nbsp)kb/s")
        #expect(en.bitsPerSecond(10e9) == "10\(nbsp)Gb/s")
        #expect(en.bitsPerSecond(2.5e12) == "2.5\(nbsp)Tb/s")
        #expect(fr.bitsPerSecond(12) == "12\(nbsp)bit/s")
        #expect(en.bitsPerSecond(.nan) == "–")
        #expect(en.bitsPerSecond(5e8, inUnitOf: 2e9, decimals: 1) == "0.5\(nbsp)Gb/s")
    }

    @Test func datesAndDurations() {
        let time = Double(UTCCalendar.days(year: 2026, month: 11, day: 27)) * 86_400 + 6 * 3600 + 5 * 60
        #expect(en.date(time) == "2026-11-27")
        #expect(fr.date(time) == "2026-11-27")
        #expect(en.dateTime(time) == "2026-11-27 06:05 UTC")
        #expect(en.month(time) == "2026-11")
        #expect(en.date(0) == "1970-01-01")
        #expect(en.date(951_782_400) == "2000-02-29")
        #expect(en.duration(730 * 86_400) == "730 days")
        #expect(fr.duration(730 * 86_400) == "730 jours")
        #expect(en.duration(86_400) == "24 hours")
        #expect(en.duration(5 * 3600) == "5 hours")
        #expect(fr.duration(90) == "90 secondes")
        #expect(en.duration(1) == "1 second")
        #expect(fr.duration(1) == "1 seconde")
        #expect(en.duration(45 * 60) == "45 minutes")
    }

    @Test func evidenceByUnitWithLabels() {
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(0.25), unit: .ratio)) == "25%")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(3.2e9), unit: .bitsPerSecond)) == "3.2\(nbsp)Gb/s")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(12), unit: .count)) == "12")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(0), unit: .timestamp)) == "1970-01-01")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(3 * 86_400), unit: .seconds)) == "3 days")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(2.5), unit: .perSecond)) == "2.5/s")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(0.02), unit: .pValue)) == "0.02")
        #expect(en.value(of: EvidenceItem(name: "x", value: .number(.nan), unit: .ratio)) == "–")
        #expect(en.value(of: EvidenceItem(name: "x", value: .text("ifInErrors"))) == "ifInErrors")
        let list = EvidenceItem(name: "x", value: .list((1...10).map { "p\($0)" }))
        #expect(en.value(of: list, maxListItems: 3) == "p1, p2, p3 +7 more")
        #expect(fr.value(of: list, maxListItems: 3) == "p1, p2, p3 +7 de plus")
        let windowed = EvidenceItem(name: "x", value: .number(1), window: EvidenceWindow(from: 0, to: 86_400 * 31))
        #expect(fr.window(of: windowed) == "du 1970-01-01 au 1970-02-01")
        #expect(en.label(of: EvidenceItem(name: "p95_daily_peak_last_quarter", value: .number(1))) == "Daily peaks, last 90 days (p95)")
        #expect(fr.label(of: EvidenceItem(name: "top1_share", value: .number(1))) == "Part du plus gros membre")
        #expect(en.label(of: EvidenceItem(name: "frames_dropped_now", value: .number(1))) == "Frames dropped now")
    }
}
