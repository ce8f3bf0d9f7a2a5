public import Detection
import Foundation
import Mustache
import Presentation

/// Renders the dashboard's pages as HTML from a data source: fills the mustache templates with
/// formatted values and server-drawn SVG charts, and wraps each page in the shared layout.
public struct DashboardRenderer: Sendable {
    /// The pages in the navigation, in order.
    public enum Page: String, Sendable, CaseIterable {
        /// `/`.
        case exchange
        /// `/members`.
        case members
        /// `/ports`.
        case ports
        /// `/lan`.
        case lan
        /// `/findings`.
        case findings
        /// `/report` (served by the detector).
        case report
        /// `/agent`.
        case agent

        /// Its path.
        public var path: String {
            switch self {
            case .exchange: return "/"
            case .report: return "/report"
            default: return "/" + rawValue
            }
        }
    }

    /// Where the data comes from.
    public let source: any DashboardDataSource
    /// Seconds since the epoch, for the footer.
    public let clock: @Sendable () -> Double
    let library: MustacheLibrary

    /// A renderer. Throws when a template does not parse (a bug, caught by the tests).
    public init(source: any DashboardDataSource, clock: @escaping @Sendable () -> Double) throws {
        self.source = source
        self.clock = clock
        var library = MustacheLibrary()
        for (name, text) in DashboardTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                throw DashboardError(message: "dashboard template '\(name)' does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// The words of a language, with dots in keys made underscores (mustache reads dots as paths).
    static func words(_ language: Language) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in DashboardWording.table(language) { out[key.replacingOccurrences(of: ".", with: "_")] = value }
        return out
    }

    static let englishWords = words(.english)
    static let frenchWords = words(.french)

    /// The words of `language`, ready for a template.
    func t(_ language: Language) -> [String: String] { language == .french ? Self.frenchWords : Self.englishWords }

    /// `path` with `parameters` and the language as a query string.
    static func link(_ path: String, _ parameters: [(String, String)] = [], language: Language) -> String {
        var parameters = parameters
        if language == .french { parameters.append(("lang", "fr")) }
        guard !parameters.isEmpty else { return path }
        return path + "?" + parameters.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// A query value with everything but unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// A member's page.
    static func memberLink(_ asn: UInt32, language: Language) -> String { link("/members/\(asn)", language: language) }

    /// Renders a page's body template and wraps it in the layout.
    func page(_ page: Page?, template: String, context: [String: Any], title: String, language: Language,
              path: String, parameters: [(String, String)] = [], json: String? = nil, navigation: Bool = true) -> String {
        var context = context
        let words = t(language)
        context["t"] = words
        let body = library.render(context, withTemplate: template) ?? ""
        let other: Language = language == .french ? .english : .french
        var otherParameters = parameters
        if other == .french { otherParameters.append(("lang", "fr")) }
        let otherHref = otherParameters.isEmpty
            ? path : path + "?" + otherParameters.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        let nav: [[String: Any]] = Page.allCases.map { item in
            ["href": Self.link(item.path, language: language), "label": words["nav_\(item.rawValue)"] ?? item.rawValue,
             "current": item == page]
        }
        let layout: [String: Any] = [
            "lang": language == .french ? "fr" : "en", "title": title, "exchange": source.exchangeName, "body": body,
            "query": language == .french ? "?lang=fr" : "", "nav": nav, "hasNav": navigation,
            "bodyClass": navigation ? "" : "public",
            "otherLanguageHref": otherHref, "otherLanguage": other == .french ? "fr" : "en",
            "otherLanguageLabel": other == .french ? "Français" : "English", "t": words,
            "generatedAt": ValueFormatter(language: language).dateTime(clock()), "version": source.version,
            "json": json as Any,
        ]
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    /// A page that says something went wrong or is missing (e.g. an unknown member).
    public func messagePage(heading: String, text: String, language: Language, path: String) -> String {
        page(nil, template: "message", context: ["heading": heading, "text": text], title: heading, language: language, path: path)
    }
}

/// An error the dashboard can report, with a message a person can act on.
public struct DashboardError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
