/// Text made safe for the HTML, SVG and XML the agent writes by hand (the health report, the
/// dashboard's charts, alert mail): every string that comes from data — member names,
/// interface names, rule summaries — passes through ``escape(_:)`` before it reaches markup.
public enum MarkupEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities (`&amp;`, `&lt;`, `&gt;`,
    /// `&quot;`, `&#39;`), safe in element content and in quoted attribute values. Control
    /// characters other than tab and newline (U+0000 to U+001F), which have no place in a page
    /// and are not allowed in XML 1.0, become a space. Works on Unicode scalars, so a combining
    /// mark after `<` or `&` cannot hide it.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
