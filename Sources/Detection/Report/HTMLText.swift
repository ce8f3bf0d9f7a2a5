/// Text made safe for HTML and SVG: every string that comes from data (member names,
/// interface names, rule summaries) passes through `escape` before it reaches a page.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, safe in element content
    /// and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline have no place in a page.
                if character.value < 0x20 && character != "\t" && character != "\n" {
                    out += " "
                } else {
                    out.unicodeScalars.append(character)
                }
            }
        }
        return out
    }
}
