/// The byte between a CSV file's fields: a comma by default; a semicolon (spreadsheets in
/// locales with a decimal comma), a tab or a vertical bar when the file says so.
package enum Delimiter {
    /// The delimiters the reader accepts, by how a user writes them.
    package static let accepted: [(text: String, byte: UInt8)] = [(",", 0x2C), (";", 0x3B), ("\\t", 0x09), ("|", 0x7C)]

    /// The byte a user's `--delimiter` names (`,` `;` `|`, a tab as `\t`, `tab` or itself), or nil.
    package static func byte(_ text: String) -> UInt8? {
        switch text {
        case ",": 0x2C
        case ";": 0x3B
        case "|": 0x7C
        case "\t", "\\t", "tab": 0x09
        default: nil
        }
    }

    /// How messages name a delimiter: `a comma`, `a semicolon`, `a tab`, `a vertical bar`.
    package static func name(_ byte: UInt8) -> String {
        switch byte {
        case 0x3B: "a semicolon"
        case 0x09: "a tab"
        case 0x7C: "a vertical bar"
        default: "a comma"
        }
    }

    /// How the option writes it.
    package static func text(_ byte: UInt8) -> String { accepted.first { $0.byte == byte }?.text ?? "," }
}
