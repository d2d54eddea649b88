import Foundation

/// Marks the drawing that lies outside any tagged sequence of a page's content stream as
/// `/Artifact` (PDF/UA: page furniture and decoration are artifacts, every mark on the page
/// is either real content or an artifact).
///
/// cairo writes the tagged content between `BDC` and `EMC` and everything else at the top
/// level. This pass reads the stream operation by operation and wraps each run of top-level
/// operations that paints something in `/Artifact BMC … EMC`. It inserts bytes between
/// operations and changes nothing else, so the page looks exactly as before.
enum ContentArtifacts {
    /// Operators that put marks on the page.
    static let painting: Set<String> = ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", "\"", "BI"]

    /// One operation: where its first operand starts and its operator.
    struct Operation {
        var start: Int
        var end: Int
        var op: String
    }

    /// The stream with its untagged painting wrapped as artifacts.
    static func mark(_ content: Data) -> Data {
        let operations = ContentTokenizer.operations(in: [UInt8](content))
        var insertions: [(offset: Int, text: String)] = []
        var depth = 0
        var runStart: Int?
        var runPaints = false
        var index = 0
        func closeRun(at offset: Int) {
            if let start = runStart, runPaints {
                insertions.append((start, "/Artifact BMC\n"))
                insertions.append((offset, "EMC\n"))
            }
            runStart = nil
            runPaints = false
        }
        while index < operations.count {
            let operation = operations[index]
            switch operation.op {
            case "BDC", "BMC":
                if depth == 0 { closeRun(at: operation.start) }
                depth += 1
            case "EMC":
                depth = max(0, depth - 1)
            case "BT" where depth == 0:
                // A text object is one unit: wholly in the run when nothing inside is tagged.
                let end = operations[index...].firstIndex { $0.op == "ET" } ?? operations.count - 1
                let block = operations[index...end]
                if block.contains(where: { $0.op == "BDC" || $0.op == "BMC" }) {
                    closeRun(at: operation.start)
                    insertions += markInsideText(block)
                } else {
                    if runStart == nil { runStart = operation.start }
                    if block.contains(where: { painting.contains($0.op) }) { runPaints = true }
                }
                index = end + 1
                continue
            default:
                if depth == 0 {
                    if runStart == nil { runStart = operation.start }
                    if painting.contains(operation.op) { runPaints = true }
                }
            }
            index += 1
        }
        closeRun(at: content.count)
        return insert(insertions, into: content)
    }

    /// Inside a text object holding tagged sequences: each untagged text-showing operation
    /// at the top level becomes its own artifact (marked content may not leave the text object).
    static func markInsideText(_ block: ArraySlice<Operation>) -> [(offset: Int, text: String)] {
        var result: [(offset: Int, text: String)] = []
        var depth = 0
        for operation in block {
            switch operation.op {
            case "BDC", "BMC": depth += 1
            case "EMC": depth = max(0, depth - 1)
            case "Tj", "TJ", "'", "\"":
                // (A `where` clause would only apply to the last pattern of the case.)
                guard depth == 0 else { break }
                result.append((operation.start, "/Artifact BMC\n"))
                result.append((operation.end, "EMC\n"))
            default: break
            }
        }
        return result
    }

    /// `content` with `text` inserted at each offset (offsets in the original).
    static func insert(_ insertions: [(offset: Int, text: String)], into content: Data) -> Data {
        guard !insertions.isEmpty else { return content }
        let sorted = insertions.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        var out = Data()
        out.reserveCapacity(content.count + insertions.count * 16)
        var cursor = 0
        for (_, insertion) in sorted {
            out.append(content[content.startIndex + cursor ..< content.startIndex + insertion.offset])
            // Each insertion starts on its own line: operators need white space around them.
            if let last = out.last, last != 0x0A, last != 0x0D, last != 0x20 { out.append(0x0A) }
            out.append(Data(insertion.text.utf8))
            cursor = insertion.offset
        }
        out.append(content[content.startIndex + cursor ..< content.endIndex])
        return out
    }
}

/// Splits a content stream into operations (operands then operator), following the PDF
/// syntax: numbers, names, strings with nested parentheses and escapes, hex strings,
/// arrays, dictionaries, comments and inline images.
enum ContentTokenizer {
    static func operations(in bytes: [UInt8]) -> [ContentArtifacts.Operation] {
        var result: [ContentArtifacts.Operation] = []
        var i = 0
        var operationStart: Int?
        let n = bytes.count
        func isWhite(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }
        func isDelimiter(_ b: UInt8) -> Bool {
            b == 0x28 || b == 0x29 || b == 0x3C || b == 0x3E || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D || b == 0x2F || b == 0x25
        }
        while i < n {
            let b = bytes[i]
            if isWhite(b) { i += 1; continue }
            if b == 0x25 {  // % comment to end of line
                while i < n, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
                continue
            }
            if operationStart == nil { operationStart = i }
            switch b {
            case 0x28:  // ( string )
                var level = 0
                while i < n {
                    let c = bytes[i]
                    if c == 0x5C { i += 2; continue }
                    if c == 0x28 { level += 1 }
                    if c == 0x29 { level -= 1; if level == 0 { i += 1; break } }
                    i += 1
                }
            case 0x3C:  // <hex> or <<
                if i + 1 < n, bytes[i + 1] == 0x3C { i += 2 } else {
                    while i < n, bytes[i] != 0x3E { i += 1 }
                    i += 1
                }
            case 0x3E:  // >>
                i += (i + 1 < n && bytes[i + 1] == 0x3E) ? 2 : 1
            case 0x5B, 0x5D, 0x7B, 0x7D:
                i += 1
            case 0x2F:  // /Name
                i += 1
                while i < n, !isWhite(bytes[i]), !isDelimiter(bytes[i]) { i += 1 }
            default:
                let start = i
                while i < n, !isWhite(bytes[i]), !isDelimiter(bytes[i]) { i += 1 }
                if i == start { i += 1; continue }  // a stray delimiter
                let first = bytes[start]
                // Numbers are most of a content stream: skipped without making a string.
                if (first >= 0x30 && first <= 0x39) || first == 0x2B || first == 0x2D || first == 0x2E { continue }
                let token = String(decoding: bytes[start..<i], as: UTF8.self)
                if token == "true" || token == "false" || token == "null" { continue }
                if token == "ID" { i = endOfInlineImage(bytes, from: i) }
                if token != "BI" && token != "ID" {
                    result.append(.init(start: operationStart ?? start, end: i, op: token == "EI" ? "BI" : token))
                    operationStart = nil
                }
            }
        }
        return result
    }

    /// The offset just after the `EI` that ends inline image data starting after `ID`.
    static func endOfInlineImage(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start + 1
        while i + 2 < bytes.count {
            if bytes[i] == 0x45, bytes[i + 1] == 0x49, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i - 1]),
               i + 2 == bytes.count || [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i + 2]) {
                return i  // the tokenizer then reads "EI" as the operator
            }
            i += 1
        }
        return bytes.count
    }
}
