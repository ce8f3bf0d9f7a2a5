import Foundation

/// A `query_range` answer.
struct PrometheusQueryResponse: Decodable {
    struct Payload: Decodable {
        var resultType: String
        var result: [PrometheusMatrixSeries]
    }
    var status: String
    var data: Payload?
    var errorType: String?
    var error: String?
}

/// One series of a range answer: its labels and its `[time, "value"]` pairs.
struct PrometheusMatrixSeries: Decodable {
    struct Point: Decodable {
        var time: Double
        var value: Double

        init(from decoder: any Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            time = try pair.decode(Double.self)
            let text = try pair.decode(String.self)
            switch text {
            case "NaN": value = .nan
            case "+Inf": value = .infinity
            case "-Inf": value = -.infinity
            default:
                guard let parsed = Double(text) else {
                    throw DecodingError.dataCorruptedError(in: pair, debugDescription: "'\(text)' is not a number")
                }
                value = parsed
            }
        }
    }
    var metric: [String: String]
    var values: [Point]
}
