import TokenGate

/// The parameters of an OAuth request body, in the three encodings App ID accepts:
/// `application/x-www-form-urlencoded`, `multipart/form-data` (`curl -F`, as in App ID's
/// documentation) and `application/json` (what its SDKs send). RFC 6749 §3.2: a parameter may
/// appear only once; empty values count as absent.
enum FormParameters {
    /// Parses `body` according to `contentType`.
    /// - Throws: `.invalidRequest` with a message that says what is wrong.
    static func parse(_ body: [UInt8], contentType: String?) throws(LocalIssuerError) -> [String: String] {
        guard !body.isEmpty else { return [:] }
        guard let contentType else {
            throw LocalIssuerError(
                .invalidRequest,
                "a body needs a Content-Type: application/x-www-form-urlencoded, multipart/form-data or application/json"
            )
        }
        let (mediaType, parameters) = Self.mediaType(contentType)
        switch mediaType {
        case "application/x-www-form-urlencoded":
            return try Self.urlEncoded(body)
        case "multipart/form-data":
            guard let boundary = parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 70 else {
                throw LocalIssuerError(.invalidRequest, "multipart/form-data needs a boundary parameter of 1–70 characters")
            }
            return try Self.multipart(body, boundary: Array(boundary.utf8))
        case "application/json":
            return try Self.json(body)
        default:
            throw LocalIssuerError(
                .invalidRequest,
                "unsupported Content-Type; use application/x-www-form-urlencoded, multipart/form-data or application/json"
            )
        }
    }

    /// `type/subtype` in lower case and the parameters (names in lower case, quotes removed).
    static func mediaType(_ value: String) -> (String, [String: String]) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        let type = String(parts[0]).trimmingSpaces.lowercased()
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = String(part[..<equals]).trimmingSpaces.lowercased()
            var value = String(part[part.index(after: equals)...]).trimmingSpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[name] = value
        }
        return (type, parameters)
    }

    static func urlEncoded(_ body: [UInt8]) throws(LocalIssuerError) -> [String: String] {
        var result: [String: String] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            let name = try Self.percentDecoded(pair[pair.startIndex..<equals])
            let value = equals == pair.endIndex ? "" : try Self.percentDecoded(pair[(equals + 1)...])
            try Self.add(name, value, to: &result)
        }
        return result
    }

    /// Decodes `%XX` escapes and `+` (a space) into UTF-8 text.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>) throws(LocalIssuerError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = Self.hexValue(bytes[index + 1]), let low = Self.hexValue(bytes[index + 2])
                else {
                    throw LocalIssuerError(.invalidRequest, "malformed percent-encoding in the form body")
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw LocalIssuerError(.invalidRequest, "the form body is not valid UTF-8")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// RFC 7578: parts separated by `--boundary`, each with a `Content-Disposition: form-data;
    /// name="…"` header; file parts are refused.
    static func multipart(_ body: [UInt8], boundary: [UInt8]) throws(LocalIssuerError) -> [String: String] {
        func malformed(_ why: String) -> LocalIssuerError { LocalIssuerError(.invalidRequest, "malformed multipart body: \(why)") }
        let delimiter = Array("--".utf8) + boundary
        var result: [String: String] = [:]
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw malformed("no boundary") }
        position += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[position...].starts(with: Array("--".utf8)) { return result }
            guard body[position...].starts(with: [0x0D, 0x0A]) else { throw malformed("boundary not followed by CRLF") }
            position += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else { throw malformed("part without headers") }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            var name: String?
            for line in headers.split(separator: "\r\n") {
                let lowered = line.lowercased()
                if lowered.hasPrefix("content-disposition:") {
                    let (_, parameters) = Self.mediaType(String(line.dropFirst("content-disposition:".count)))
                    name = parameters["name"]
                    if parameters["filename"] != nil { throw malformed("file parts are not accepted") }
                }
            }
            guard let name, !name.isEmpty else { throw malformed("part without a name") }
            let valueStart = headerEnd + 4
            guard let next = Self.find([0x0D, 0x0A] + delimiter, in: body, from: valueStart) else { throw malformed("unterminated part") }
            guard let value = String(validating: body[valueStart..<next], as: UTF8.self) else { throw malformed("value is not UTF-8") }
            try Self.add(name, value, to: &result)
            position = next + 2 + delimiter.count
        }
    }

    static func json(_ body: [UInt8]) throws(LocalIssuerError) -> [String: String] {
        let members: [String: JSONValue]
        do {
            guard let object = try JSONParser.parse(body, maximumDepth: 4).objectValue else {
                throw LocalIssuerError(.invalidRequest, "the JSON body must be an object")
            }
            members = object
        } catch let error as LocalIssuerError {
            throw error
        } catch {
            throw LocalIssuerError(.invalidRequest, "the body is not valid JSON (or repeats a member)")
        }
        var result: [String: String] = [:]
        for (name, value) in members {
            switch value {
            case .string(let text): if !text.isEmpty { result[name] = text }
            case .number(let number): result[name] = number.literal
            case .null: break
            default: throw LocalIssuerError(.invalidRequest, "parameter \(LocalIssuer.printable(name)) must be a string")
            }
        }
        return result
    }

    private static func add(_ name: String, _ value: String, to result: inout [String: String]) throws(LocalIssuerError) {
        guard !value.isEmpty else { return }
        guard result[name] == nil else {
            throw LocalIssuerError(.invalidRequest, "parameter \(LocalIssuer.printable(name)) is repeated")
        }
        result[name] = value
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
