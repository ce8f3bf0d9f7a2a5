public import Foundation
public import Hummingbird

/// JSON responses of the `/api/v1` endpoints: keys sorted (stable output), numbers that are not
/// finite written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` rather than failing.
/// Errors are Hummingbird's `HTTPError`, which answers `{"error": {"message": "…"}}`.
public enum JSONResponse {
    /// `value` as a JSON response with `status`.
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw HTTPError(.internalServerError, message: "the response could not be encoded: \(error)")
        }
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The encoder every endpoint uses (tests decode with `decoder`).
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// The decoder matching `encoder`.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
