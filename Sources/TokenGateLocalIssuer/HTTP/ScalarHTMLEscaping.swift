#if Hummingbird
import Mustache

/// HTML escaping that looks at every Unicode scalar: `&`, `<`, `>`, `"` and `'` become
/// entities wherever they are. Mustache's own HTML escaping compares whole grapheme clusters,
/// so a `"` followed by a combining mark, or a `<` after a prepend character (U+0600), is one
/// cluster that matches nothing and passes unescaped; a browser's tokenizer still sees the
/// quote or the bracket. Every page template selects this content type.
struct ScalarHTMLEscaping: MustacheContentType {
    /// The name templates select it by: `{{% CONTENT_TYPE: HTML_SCALARS }}`.
    static let name = "HTML_SCALARS"

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
#endif
