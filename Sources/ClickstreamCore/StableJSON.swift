import Foundation

/// The one way the tool writes JSON (results, metadata, summaries): pretty, keys sorted,
/// slashes unescaped, a final newline, so the same value always gives the same bytes.
public enum StableJSON {
    public static func data<T: Encodable>(_ value: T) throws(ClickstreamError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(value)
            data.append(0x0A)
            return data
        } catch {
            throw ClickstreamError(message: "cannot encode JSON: \(error)")
        }
    }

    public static func text<T: Encodable>(_ value: T) throws(ClickstreamError) -> String {
        String(decoding: try data(value), as: UTF8.self)
    }
}
