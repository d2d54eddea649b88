import CCairo
import Foundation

// The rules a paragraph's breaks at soft hyphens keep, whatever Pango chose: no inserted
// hyphen past the measure, no third hyphenated line in a row.

extension ParagraphLayout {
    /// U+00AD in UTF-8.
    static let softHyphen: (UInt8, UInt8) = (0xC2, 0xAD)

    /// For each line, whether it holds a soft hyphen where it does not break.
    static func linesWithUnusedSoftHyphens(_ text: String, lines: [ParagraphLine]) -> [Bool] {
        var offsets: [Int] = []
        var previous: UInt8 = 0
        for (offset, byte) in text.utf8.enumerated() {
            if previous == softHyphen.0, byte == softHyphen.1 { offsets.append(offset - 1) }
            previous = byte
        }
        return lines.map { line in
            offsets.contains { line.range.contains($0) && $0 + 2 != line.range.upperBound }
        }
    }

    /// Lays `text` out, then undoes, one at a time, the breaks at a soft hyphen that break the
    /// fiche's rules, and lays it out again: a line whose inserted hyphen ends past the measure
    /// (Pango justifies the line, then adds the hyphen), and a third hyphenated line in a row.
    static func layoutKeepingHyphenRules(engine: TextEngine, text: RichText, style: TextStyle, width: Double, unguarded: Bool)
        -> (OpaquePointer, [ParagraphLine], RichText) {
        var text = text
        for _ in 0..<12 {
            let layout = makeLayout(engine: engine, text: text, style: style, width: width, unguarded: unguarded)
            let lines = lines(of: layout)
            guard let offset = breakToUndo(layout, lines: lines, text: text.text, width: width) else { return (layout, lines, text) }
            g_object_unref(UnsafeMutableRawPointer(layout))
            text.removeSoftHyphen(atByte: offset)
        }
        let layout = makeLayout(engine: engine, text: text, style: style, width: width, unguarded: unguarded)
        return (layout, lines(of: layout), text)
    }

    /// The byte offset of the first soft hyphen a line breaks at against the rules, if any.
    static func breakToUndo(_ layout: OpaquePointer, lines: [ParagraphLine], text: String, width: Double) -> Int? {
        let bytes = Array(text.utf8)
        let hyphenated = lines.map { line in
            line.range.upperBound >= 2 && bytes[line.range.upperBound - 2] == softHyphen.0 && bytes[line.range.upperBound - 1] == softHyphen.1
        }
        for (i, line) in lines.enumerated() where hyphenated[i] {
            var logical = PangoRectangle()
            pango_layout_line_get_extents(pango_layout_get_line_readonly(layout, Int32(i)), nil, &logical)
            let end = Double(logical.x + logical.width) / Double(PANGO_SCALE)
            if end > width + 0.01 || (i >= 2 && hyphenated[i - 1] && hyphenated[i - 2]) { return line.range.upperBound - 2 }
        }
        return nil
    }
}

extension RichText {
    /// Removes the soft hyphen (2 bytes) at byte `offset`, the runs after it moved back.
    mutating func removeSoftHyphen(atByte offset: Int) {
        var bytes = Array(text.utf8)
        guard offset + 1 < bytes.count, bytes[offset] == 0xC2, bytes[offset + 1] == 0xAD else { return }
        bytes.removeSubrange(offset..<(offset + 2))
        text = String(decoding: bytes, as: UTF8.self)
        func moved(_ k: Int) -> Int { k > offset ? k - 2 : k }
        spans = spans.map { span in
            var span = span
            span.range = moved(span.range.lowerBound)..<moved(span.range.upperBound)
            return span
        }
    }
}
