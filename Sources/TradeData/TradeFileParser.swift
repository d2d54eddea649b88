import Foundation

/// Parses the bytes of a customs trade file (`flux;trimestre;année;département;région;
/// A129;CPF4;pays;valeur;masse`, no header, CRLF or LF) into a column-wise `TradeChunk`.
///
/// It walks the bytes once, parsing each field in place: no `String` per line or field.
/// A malformed line throws `TradeDataError.malformedLine`, or is counted and skipped when
/// `skipBadLines` is set.
struct TradeFileParser {
    /// Field names as the customs documentation calls them, for error messages.
    static let fieldNames = ["flux", "trimestre", "année", "code département", "code région",
                             "code A129", "code CPF4", "code pays", "valeur", "masse"]
    static let maxKeptMessages = 20
    /// The fewest bytes a valid line holds, line end excluded: 21 for its ten fields (one-byte
    /// value, empty mass) and 9 separators. A file of n bytes holds at most n / 31 + 1 rows.
    static let shortestLine = 30

    let source: String
    let departementLookup: [Int16]
    let skipBadLines: Bool
    /// Country codes (packed as `Geography.key`) of the reference table, when one was read;
    /// nil accepts any two-character code.
    var knownCountries: Set<UInt16>? = nil
    /// Whether lines of the usual shape are read at once (`takeUsualLine`); tests turn it off
    /// to check that the general path reads every line alike.
    var takesUsualLinesAtOnce = true
    /// The most distinct codes of one kind a file may hold (codes are interned to 16 bits).
    static let maxDistinctCodes = Int(UInt16.max) - 1

    /// A field of the current line, as byte offsets.
    private struct Span { var start: Int; var end: Int; var count: Int { end - start } }

    private struct LineError: Error { let field: Int; let expected: String; let found: String }

    /// Parses every line of `bytes` into a chunk (codes interned, one row a line).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> TradeChunk {
        var sink = ChunkRowSink(chunk: TradeChunk(source: source, capacity: Self.countLines(bytes)))
        var tally = ParseTally()
        let tables = LineTables(departementLookup: departementLookup, knownCountries: knownCountries)
        try parseLines(bytes, atFileStart: true, tables: tables, tally: &tally, into: &sink)
        var chunk = sink.finish()
        chunk.byteCount = bytes.count
        tally.record(into: &chunk)
        return chunk
    }

    /// Checks every whole line of `bytes` and hands each valid one to `sink`. The one function
    /// over 80 lines in the project, on purpose: it is the hot loop over every byte of the
    /// year, and the field scanning and the checks stay in one body so that the loop's state
    /// can live in registers and nothing is called per field but the sink (generic, so
    /// specialized and inlined). `atFileStart`: a UTF-8 byte order mark is tolerated first.
    /// Lines are numbered on from `tally.lineNumber`, so a file may be fed block by block.
    func parseLines<Sink: TradeRowSink>(_ bytes: UnsafeBufferPointer<UInt8>, atFileStart: Bool, tables: LineTables,
                                        tally: inout ParseTally, into sink: inout Sink) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let departementTable = tables.departements, countryAllowed = tables.countryAllowed
        let n = bytes.count
        var pos = 0
        if atFileStart && n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }
        var lineNumber = tally.lineNumber
        defer { tally.lineNumber = lineNumber }
        let spans = UnsafeMutablePointer<Span>.allocate(capacity: 10)
        spans.initialize(repeating: Span(start: 0, end: 0), count: 10)
        defer { spans.deallocate() }

        while pos < n {
            // Usual valid lines are read at once (TradeFileParser+UsualLine.swift), as many as
            // follow each other; any other line, and a row the sink refuses, take the general
            // path below.
            if takesUsualLinesAtOnce {
                var taken = 0
                pos = Self.takeUsualLines(base, from: pos, count: n, departements: departementTable,
                                          countryAllowed: countryAllowed, taken: &taken, into: &sink)
                lineNumber &+= taken
                tally.lineCount &+= taken
                if pos >= n { break }
            }
            lineNumber &+= 1
            let lineStart = pos
            // Split at ';' while looking for the line end, eight bytes at a time (one pass: no
            // search for the line end first). Separators past the tenth only mark the line bad.
            var fieldCount = 0, fieldStart = lineStart, extraField = false
            var lineEnd = n, i = lineStart, foundEnd = false
            // Wrapping arithmetic in this loop: offsets stay below the buffer's size, so the
            // overflow checks would only cost branches.
            while i &+ 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                var semicolons = Self.byteMask(word, of: 0x3B)
                let lineEnds = Self.byteMask(word, of: 0x0A)
                // Only the separators before the line end belong to this line.
                if lineEnds != 0 { semicolons &= (1 &<< UInt64(lineEnds.trailingZeroBitCount)) &- 1 }
                while semicolons != 0 {
                    let position = i &+ (semicolons.trailingZeroBitCount &>> 3)
                    if fieldCount < 10 {
                        spans[fieldCount] = Span(start: fieldStart, end: position)
                        fieldCount &+= 1
                        fieldStart = position &+ 1
                    } else {
                        extraField = true
                    }
                    semicolons &= semicolons &- 1
                }
                if lineEnds != 0 {
                    lineEnd = i &+ (lineEnds.trailingZeroBitCount &>> 3)
                    foundEnd = true
                    break
                }
                i &+= 8
            }
            while !foundEnd && i < n {
                if base[i] == 0x0A { lineEnd = i; break }
                if base[i] == 0x3B {
                    if fieldCount < 10 {
                        spans[fieldCount] = Span(start: fieldStart, end: i)
                        fieldCount += 1
                        fieldStart = i + 1
                    } else {
                        extraField = true
                    }
                }
                i += 1
            }
            pos = lineEnd &+ 1
            var contentEnd = lineEnd
            if contentEnd > lineStart && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd == lineStart { continue }  // a blank line carries no value
            tally.lineCount &+= 1
            do {
                // The last field ends with the line.
                if fieldCount < 10 {
                    spans[fieldCount] = Span(start: fieldStart, end: contentEnd)
                    fieldCount += 1
                } else {
                    extraField = true
                }
                if extraField {
                    throw LineError(field: 11, expected: "end of line after 10 fields",
                                    found: quoted(base, Span(start: fieldStart, end: contentEnd)))
                }
                if fieldCount < 10 {
                    throw LineError(field: fieldCount + 1, expected: "10 fields separated by ';'",
                                    found: "end of line after \(fieldCount) field\(fieldCount == 1 ? "" : "s")")
                }
                // 1 flux
                let f = spans[0]
                guard f.count == 1, base[f.start] == 0x45 || base[f.start] == 0x49 else {
                    throw LineError(field: 1, expected: "E (export) or I (import)", found: quoted(base, f))
                }
                // 2 trimestre
                let q = spans[1]
                guard q.count == 1, base[q.start] >= 0x31, base[q.start] <= 0x34 else {
                    throw LineError(field: 2, expected: "a quarter 1 to 4", found: quoted(base, q))
                }
                // 3 année
                let y = spans[2]
                guard y.count == 4, let year = digits(base, y), year >= 1900 else {
                    let isNumber = y.count == 4 && digits(base, y) != nil
                    throw LineError(field: 3, expected: isNumber ? "a year from 1900 on" : "a four-digit year",
                                    found: quoted(base, y))
                }
                // 4 code département
                let d = spans[3]
                var departement: Int16 = -1
                if d.count == 2 {
                    departement = departementTable[Int(Geography.key(base[d.start], base[d.start + 1]))]
                }
                guard departement >= 0 else {
                    throw LineError(field: 4, expected: "a département code of the reference table (e.g. 95, 2A is 20, 9A)",
                                    found: quoted(base, d))
                }
                // 5 code région: customs-internal, two characters; the département's region
                // comes from the reference table, as the fiche rules say.
                let r = spans[4]
                guard r.count == 2, Self.isCode(base[r.start]), Self.isCode(base[r.start + 1]) else {
                    throw LineError(field: 5, expected: "a two-character region code (digits or capitals)", found: quoted(base, r))
                }
                // 6 A129, 7 CPF4
                let a = spans[5]
                guard a.count == 4, let aKey = packed(base, a) else {
                    throw LineError(field: 6, expected: "a four-character A129 code in capitals (e.g. C21Z)", found: quoted(base, a))
                }
                let p = spans[6]
                guard p.count == 4, let pKey = packed(base, p) else {
                    throw LineError(field: 7, expected: "a four-character CPF4 code in capitals (e.g. 2120)", found: quoted(base, p))
                }
                // 8 code pays
                let c = spans[7]
                guard c.count == 2, Self.isCode(base[c.start]), Self.isCode(base[c.start + 1]) else {
                    throw LineError(field: 8, expected: "a two-character country code in capitals (e.g. US)", found: quoted(base, c))
                }
                let countryKey = Geography.key(base[c.start], base[c.start + 1])
                if !countryAllowed[Int(countryKey)] {
                    throw LineError(field: 8, expected: "a country code of the reference table Libelle_PAYS.txt", found: quoted(base, c))
                }
                // 9 valeur
                let v = spans[8]
                guard let value = digits(base, v) else {
                    throw LineError(field: 9, expected: amountExpectation(base, v, unit: "amount in euros"), found: quoted(base, v))
                }
                // 10 masse (may be empty): checked, not kept — no figure of the fiche uses it, and
                // its column was a third of the memory of a year's rows.
                let m = spans[9]
                if m.count > 0, digits(base, m) == nil {
                    throw LineError(field: 10, expected: amountExpectation(base, m, unit: "mass in kilograms"), found: quoted(base, m))
                }
                // All valid: hand the row over.
                let line = ParsedLine(flow: base[f.start] == 0x45 ? 0 : 1, quarter: base[q.start] - 0x30, year: UInt16(year),
                                      departement: UInt8(departement), activityKey: aKey, productKey: pKey,
                                      countryKey: countryKey, value: value, base: base,
                                      activity: a.start..<a.end, product: p.start..<p.end, country: c.start..<c.end)
                if let refused = sink.take(line) {
                    throw LineError(field: refused, expected: "at most \(Self.maxDistinctCodes) distinct codes in one file",
                                    found: "one more")
                }
            } catch let error as LineError {
                let name = error.field <= 10 ? Self.fieldNames[error.field - 1] : "extra field"
                let failure = TradeDataError.malformedLine(file: source, line: lineNumber, field: error.field,
                                                           fieldName: name, expected: error.expected, found: error.found)
                guard skipBadLines else { throw failure }
                tally.skippedCount += 1
                if tally.skippedMessages.count < Self.maxKeptMessages { tally.skippedMessages.append(failure.description) }
            }
        }
    }

    /// The high bit of each byte of `word` equal to `byte` (below 0x80), all other bits clear
    /// (exact: no false positives, unlike the shorter zero-byte test).
    @inline(__always) static func byteMask(_ word: UInt64, of byte: UInt8) -> UInt64 {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
    }

    /// An upper bound of the number of rows: the number of line feeds, plus one.
    static func countLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 1, pos = 0
        while pos < bytes.count, let hit = memchr(base + pos, 0x0A, bytes.count - pos) {
            count += 1
            pos = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }

    /// The field's bytes packed into a key, or nil when a byte is not a capital or digit.
    @inline(__always) private func packed(_ base: UnsafePointer<UInt8>, _ s: Span) -> UInt32? {
        var key: UInt32 = 0
        for i in s.start..<s.end {
            guard Self.isCode(base[i]) else { return nil }
            key = key << 8 | UInt32(base[i])
        }
        return key
    }

    /// A non-empty run of at most 15 decimal digits, or nil.
    @inline(__always) private func digits(_ base: UnsafePointer<UInt8>, _ s: Span) -> Int64? {
        guard s.count > 0, s.count <= 15 else { return nil }
        var result: Int64 = 0
        for i in s.start..<s.end {
            let d = base[i] &- 0x30
            guard d <= 9 else { return nil }
            result = result &* 10 &+ Int64(d)  // at most 15 digits: no overflow
        }
        return result
    }

    private func text(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let buffer = UnsafeBufferPointer(start: base + start, count: end - start)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// What an amount field should have been: says when the only fault is a sign or a
    /// length beyond the format's 15 digits.
    private func amountExpectation(_ base: UnsafePointer<UInt8>, _ s: Span, unit: String) -> String {
        if s.count > 0 && base[s.start] == 0x2D { return "a non-negative \(unit)" }
        let allDigits = s.count > 0 && (s.start..<s.end).allSatisfy { base[$0] >= 0x30 && base[$0] <= 0x39 }
        if allDigits { return "an integer \(unit) of at most 15 digits (found \(s.count) digits)" }
        return "an integer \(unit)"
    }

    /// A field as shown in an error message: quoted, at most 40 characters with control
    /// characters escaped, or "an empty field".
    private func quoted(_ base: UnsafePointer<UInt8>, _ s: Span) -> String {
        if s.count == 0 { return "an empty field" }
        let head = String(text(base, s.start, min(s.end, s.start + 160)).prefix(40))
        let shown = "'" + PrintableText.escaped(head) + "'"
        return head.utf8.count < s.count ? shown + "… (\(s.count) bytes)" : shown
    }
}
