/// Number formatting and JSON strings for the SVG and HTML the dashboard writes by hand (text is
/// escaped with IXPCore's `MarkupEscaping`).
enum SVGText {
    /// A coordinate with one decimal, without a trailing `.0`: short paths, stable output.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10, fraction = abs(tenths % 10)
        if fraction == 0 { return String(whole) }
        return (tenths < 0 && whole == 0 ? "-" : "") + String(whole) + "." + String(fraction)
    }

    /// A JSON string literal for `text` (for `data-` attributes the script reads).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if character.value < 0x20 { out += "\\u" + String(format4(character.value)) } else { out.unicodeScalars.append(character) }
            }
        }
        return out + "\""
    }

    private static func format4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
