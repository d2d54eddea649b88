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
    static let painting: Set<Operator> = Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", "\"", "BI"]
        .map(Operator.init))
    static let textShowing: Set<Operator> = Set(["Tj", "TJ", "'", "\""].map(Operator.init))
    static let (bdc, bmc, emc, bt, et) = (Operator("BDC"), Operator("BMC"), Operator("EMC"), Operator("BT"), Operator("ET"))

    /// One operation: where its first operand starts, where its operator ends, and the operator.
    struct Operation {
        var start: Int
        var end: Int
        var op: Operator
    }

    /// The opening of a pagination artifact: the page's running header (drawn before any
    /// tagged content) or its footer (after all of it).
    static let header = "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"
    static let footer = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"

    /// The stream with its untagged painting wrapped as artifacts: the run before the first
    /// tagged sequence is the page's header, the run after the last one its footer, typed as
    /// such; the others (chart decoration) are plain artifacts.
    static func mark(_ content: [UInt8]) -> [UInt8] {
        let operations = content.withUnsafeBufferPointer { ContentTokenizer.operations(in: $0) }
        return ContentEdit.apply(insertions(for: operations, length: content.count), to: content)
    }

    /// The marked-content operators that wrap the untagged painting of a stream of `length`
    /// bytes split into `operations`, as insertions.
    static func insertions(for operations: [Operation], length: Int) -> [ContentEdit] {
        var insertions: [(offset: Int, text: String)] = []
        var depth = 0
        var runStart: Int?
        var runPaints = false
        var seenTagged = false
        var index = 0
        func closeRun(at offset: Int, last: Bool = false) {
            if let start = runStart, runPaints {
                // A page without tagged content has no header or footer to tell apart.
                let opening = last ? (seenTagged ? footer : "/Artifact BMC\n") : (seenTagged ? "/Artifact BMC\n" : header)
                insertions.append((start, opening))
                insertions.append((offset, "EMC\n"))
            }
            runStart = nil
            runPaints = false
        }
        while index < operations.count {
            let operation = operations[index]
            switch operation.op {
            case bdc, bmc:
                if depth == 0 { closeRun(at: operation.start) }
                seenTagged = true
                depth += 1
            case emc:
                depth = max(0, depth - 1)
            case bt where depth == 0:
                // A text object is one unit: wholly in the run when nothing inside is tagged.
                let end = operations[index...].firstIndex { $0.op == et } ?? operations.count - 1
                let block = operations[index...end]
                if block.contains(where: { $0.op == bdc || $0.op == bmc }) {
                    closeRun(at: operation.start)
                    seenTagged = true
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
        closeRun(at: length, last: true)
        return insertions.map { ContentEdit(range: $0.offset..<$0.offset, bytes: Array($0.text.utf8)) }
    }

    /// Inside a text object holding tagged sequences: each untagged text-showing operation
    /// at the top level becomes its own artifact (marked content may not leave the text object).
    static func markInsideText(_ block: ArraySlice<Operation>) -> [(offset: Int, text: String)] {
        var result: [(offset: Int, text: String)] = []
        var depth = 0
        for operation in block {
            switch operation.op {
            case bdc, bmc: depth += 1
            case emc: depth = max(0, depth - 1)
            default:
                guard depth == 0, textShowing.contains(operation.op) else { break }
                result.append((operation.start, "/Artifact BMC\n"))
                result.append((operation.end, "EMC\n"))
            }
        }
        return result
    }
}

/// A change to a content stream: `bytes` in place of `range` of the original, or inserted at
/// its start when the range is empty.
struct ContentEdit {
    var range: Range<Int>
    var bytes: [UInt8]

    /// `content` with `edits` made (ranges in the original, not overlapping). Insertions at
    /// one offset keep their order and come before a replacement starting there; each one
    /// starts on its own line (operators need white space around them).
    static func apply(_ edits: [ContentEdit], to content: [UInt8]) -> [UInt8] {
        guard !edits.isEmpty else { return content }
        let sorted = edits.enumerated().sorted {
            ($0.element.range.lowerBound, $0.element.range.isEmpty ? 0 : 1, $0.offset)
                < ($1.element.range.lowerBound, $1.element.range.isEmpty ? 0 : 1, $1.offset)
        }
        var out: [UInt8] = []
        out.reserveCapacity(content.count + edits.count * 16)
        var cursor = 0
        for (_, edit) in sorted {
            out += content[cursor ..< edit.range.lowerBound]
            if edit.range.isEmpty, let last = out.last, last != 0x0A, last != 0x0D, last != 0x20 { out.append(0x0A) }
            out += edit.bytes
            cursor = edit.range.upperBound
        }
        out += content[cursor...]
        return out
    }
}

/// A content-stream operator, its (at most four) bytes packed in an integer: comparing
/// operators is then one comparison, and reading a stream makes no string.
struct Operator: Hashable {
    let code: UInt32

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { Operator($0) }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        // A longer keyword is not a content operator: it gets a code no operator has.
        guard bytes.count <= 4 else { code = .max; return }
        var code: UInt32 = 0
        for index in 0..<bytes.count { code |= UInt32(bytes[index]) << (8 * UInt32(index)) }
        self.code = code
    }
}

/// Splits a content stream into operations (operands then operator), following the PDF
/// syntax: numbers, names, strings with nested parentheses and escapes, hex strings,
/// arrays, dictionaries, comments and inline images.
enum ContentTokenizer {
    static let (true_, false_, null_) = (Operator("true"), Operator("false"), Operator("null"))
    static let (beginImage, imageData, endImage) = (Operator("BI"), Operator("ID"), Operator("EI"))

    /// Character classes (7.2.2): 1 white space, 2 delimiter, 4 what starts a number
    /// (digits, signs, point), 0 any other regular character. Regular characters have
    /// bit 0 and bit 1 clear.
    static let characterClasses: [UInt8] = (0...255).map { byte in
        switch byte {
        case 0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20: return 1
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: return 2
        case 0x30...0x39, 0x2B, 0x2D, 0x2E: return 4
        default: return 0
        }
    }

    static func operations(in bytes: UnsafeBufferPointer<UInt8>) -> [ContentArtifacts.Operation] {
        characterClasses.withUnsafeBufferPointer { classes in operations(in: bytes, classes: classes) }
    }

    private static func operations(in bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) -> [ContentArtifacts.Operation] {
        var result: [ContentArtifacts.Operation] = []
        result.reserveCapacity(bytes.count / 16)
        var i = 0
        var operationStart: Int?
        let n = bytes.count
        @inline(__always) func isRegular(_ b: UInt8) -> Bool { classes[Int(b)] & 3 == 0 }
        while i < n {
            let b = bytes[i]
            let kind = classes[Int(b)]
            if kind == 1 { i += 1; continue }
            if kind == 4 {
                // A number (most of a content stream): an operand, skipped whole.
                if operationStart == nil { operationStart = i }
                i += 1
                while i < n, isRegular(bytes[i]) { i += 1 }
                continue
            }
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
                while i < n, isRegular(bytes[i]) { i += 1 }
            default:
                let start = i
                while i < n, isRegular(bytes[i]) { i += 1 }
                if i == start { i += 1; continue }  // a stray delimiter
                let token = Operator(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                if token == true_ || token == false_ || token == null_ { continue }
                if token == imageData { i = endOfInlineImage(bytes, from: i) }
                if token != beginImage && token != imageData {
                    result.append(.init(start: operationStart ?? start, end: i, op: token == endImage ? beginImage : token))
                    operationStart = nil
                }
            }
        }
        return result
    }

    /// The offset just after the `EI` that ends inline image data starting after `ID`.
    static func endOfInlineImage(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var i = start + 1
        while i + 2 < bytes.count {
            if bytes[i] == 0x45, bytes[i + 1] == 0x49, isSpace(bytes[i - 1]), i + 2 == bytes.count || isSpace(bytes[i + 2]) {
                return i  // the tokenizer then reads "EI" as the operator
            }
            i += 1
        }
        return bytes.count
    }
}
