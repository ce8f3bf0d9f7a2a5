import Foundation

/// Lenient readers of `JSONSerialization` values, shared by the parsers.
enum JSONValue {
    /// An integer from a JSON number without a fraction or a numeric string; nil otherwise,
    /// also for `true`/`false` (which Foundation hands out as numbers, 1 and 0).
    static func integer(_ value: Any?) -> Int? {
        if let number = value as? NSNumber {
            if isBoolean(number) { return nil }
            let double = number.doubleValue
            return double == double.rounded() ? Int(exactly: double) : nil
        }
        if let text = value as? String { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// A JSON boolean (`true`/`false`); nil for numbers and anything else.
    static func boolean(_ value: Any?) -> Bool? {
        guard let number = value as? NSNumber, isBoolean(number) else { return nil }
        return number.boolValue
    }

    /// Foundation gives JSON booleans the Objective-C type `c` (char), and JSON numbers never.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        number.objCType.pointee == CChar(UInt8(ascii: "c"))
    }
}
