// The parser's fast path: a line of the usual shape, read and checked in one go.
//
// Nearly every line of a customs file opens with eight fixed-width fields
// ("E;1;2024;95;11;C10A;1011;US;") and ends with two runs of digits ("406473;1210935\n"). Such
// a line, when every field is valid, is read here straight from its bytes at known offsets:
// the 28 bytes of the fixed fields are loaded as four words and checked a word at a time
// (separators where they belong, codes made of digits and capitals, the year of digits), and
// the amount is converted eight digits at a time. Anything else (another shape, a field that
// fails a check, the file's last line without a line end) is left to the general path, which
// reads it from its start and says what is wrong: the fast path accepts exactly the lines the
// general path accepts, with the same values (a test compares both on mutated lines).

/// The codes the fast path last found valid (0: none), so that a line repeating them skips
/// their checks.
struct CheckedCodes {
    var region: UInt16 = 0
    var activity: UInt32 = 0
    var product: UInt32 = 0
}

extension TradeFileParser {
    /// Reads the usual lines from `start` on into `sink`, as many as follow each other, and
    /// returns where the first other line starts (or `n`); `taken` counts the lines read. One
    /// loop with the line's reading inlined: the parser's state stays in registers.
    static func takeUsualLines<Sink: TradeRowSink>(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int,
                                                   departements: UnsafeMutablePointer<Int16>,
                                                   countryAllowed: UnsafeMutablePointer<Bool>,
                                                   taken: inout Int, into sink: inout Sink) -> Int {
        var pos = start, count = 0
        var checked = CheckedCodes()
        while pos < n {
            let next = takeUsualLine(base, at: pos, count: n, departements: departements, countryAllowed: countryAllowed,
                                     checked: &checked, into: &sink)
            if next < 0 { break }
            pos = next
            count &+= 1
        }
        taken = count
        return pos
    }

    /// Reads the line at `start` into `sink` and returns where the next line starts; -1 when it
    /// is not a valid line of the usual shape or the sink refuses it (the general path then
    /// reads it, and says why).
    @inline(__always)
    static func takeUsualLine<Sink: TradeRowSink>(_ base: UnsafePointer<UInt8>, at start: Int, count n: Int,
                                                  departements: UnsafeMutablePointer<Int16>,
                                                  countryAllowed: UnsafeMutablePointer<Bool>, checked: inout CheckedCodes,
                                                  into sink: inout Sink) -> Int {
        guard start &+ 32 <= n else { return -1 }
        let p = base + start
        let (w0, w1, w2, w3) = fixedFieldWords(p)
        guard hasFixedFields(w0, w1, w2, w3) else { return -1 }
        let flux = p[0], quarter = p[2]
        guard flux == 0x45 || flux == 0x49, quarter &- 0x31 < 4 else { return -1 }
        let year = Int(p[4] &- 0x30) &* 1000 &+ Int(p[5] &- 0x30) &* 100 &+ Int(p[6] &- 0x30) &* 10 &+ Int(p[7] &- 0x30)
        guard year >= 1900 else { return -1 }
        // The département and the country: their tables hold valid codes only (the country
        // table no code with a byte other than a digit or capital, see `LineTables`).
        let departement = departements[Int(Geography.key(p[9], p[10]))]
        let countryKey = Geography.key(p[25], p[26])
        guard departement >= 0, countryAllowed[Int(countryKey)] else { return -1 }
        // The region, activity and product codes: checked when they differ from the line
        // before's (files are sorted by them: most lines repeat them).
        let region = Geography.key(p[12], p[13])
        let activity = UInt32(bigEndian: UInt32(truncatingIfNeeded: w1 >> 56 | w2 << 8))
        let product = UInt32(bigEndian: UInt32(truncatingIfNeeded: w2 >> 32))
        if region != checked.region {
            guard isCode(p[12]), isCode(p[13]) else { return -1 }
            checked.region = region
        }
        if activity != checked.activity {
            guard allCodes(activity) else { return -1 }
            checked.activity = activity
        }
        if product != checked.product {
            guard allCodes(product) else { return -1 }
            checked.product = product
        }
        // The value: 1 to 15 digits, then ';'.
        let valueStart = start &+ 28
        let valueDigits = digitRun(base, at: valueStart, count: n)
        var i = valueStart &+ valueDigits
        guard valueDigits > 0, valueDigits <= 15, i < n, base[i] == 0x3B else { return -1 }
        let value = decimal(base, at: valueStart, digits: valueDigits, count: n)
        // The mass: 0 to 15 digits (checked, not kept), then the line end (LF or CR LF).
        i &+= 1
        let massDigits = digitRun(base, at: i, count: n)
        i &+= massDigits
        guard massDigits <= 15, i < n else { return -1 }
        if base[i] == 0x0D {
            guard i &+ 1 < n, base[i &+ 1] == 0x0A else { return -1 }
            i &+= 1
        } else if base[i] != 0x0A {
            return -1
        }
        let line = ParsedLine(flow: flux == 0x45 ? 0 : 1, quarter: quarter &- 0x30, year: UInt16(truncatingIfNeeded: year),
                              departement: UInt8(truncatingIfNeeded: departement),
                              activityKey: activity, productKey: product,
                              countryKey: countryKey, value: value, base: base,
                              activity: start + 15 ..< start + 19, product: start + 20 ..< start + 24,
                              country: start + 25 ..< start + 27)
        return sink.take(line) == nil ? i &+ 1 : -1
    }

    /// The 32 bytes at `p` as four words, first byte lowest.
    @inline(__always) static func fixedFieldWords(_ p: UnsafePointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
        let raw = UnsafeRawPointer(p)
        return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// Whether the 32 bytes at `p` have the usual line's separators and year (`hasFixedFields`).
    static func opensWithFixedFields(_ p: UnsafePointer<UInt8>) -> Bool {
        let (w0, w1, w2, w3) = fixedFieldWords(p)
        return hasFixedFields(w0, w1, w2, w3)
    }

    /// Whether the 32 bytes loaded as `w0`…`w3` open with the usual line's eight fixed-width
    /// fields: ';' at bytes 1, 3, 8, 11, 14, 19, 24 and 27 and nowhere else before byte 28, and
    /// digits at bytes 4…7 (the year). The caller checks the other bytes (flow, quarter, codes):
    /// a line end before byte 28 fails one of these checks.
    @inline(__always) static func hasFixedFields(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) -> Bool {
        let firstFour: UInt64 = 0x8080_8080  // the high bits of bytes 24…27, in the last word
        let separators = (byteMask(w0, of: 0x3B) ^ (1 << 15 | 1 << 31)) | (byteMask(w1, of: 0x3B) ^ (1 << 7 | 1 << 31 | 1 << 55))
            | (byteMask(w2, of: 0x3B) ^ 1 << 31) | ((byteMask(w3, of: 0x3B) & firstFour) ^ (1 << 7 | 1 << 31))
        let yearDigits: UInt64 = 0x8080_8080_0000_0000
        return separators | ((digitMask(w0) & yearDigits) ^ yearDigits) == 0
    }

    /// The high bit of each byte of `word` that is an ASCII digit, all other bits clear. Each
    /// byte's low seven bits are compared with the bounds by an addition that sets its high bit
    /// (at most 0x7F + 0x50: no carry into the next byte); bytes of 0x80 or more are none.
    @inline(__always) static func digitMask(_ word: UInt64) -> UInt64 {
        let low = word & 0x7F7F_7F7F_7F7F_7F7F
        let atLeast0 = low &+ 0x5050_5050_5050_5050, above9 = low &+ 0x4646_4646_4646_4646
        return atLeast0 & ~above9 & ~word & 0x8080_8080_8080_8080
    }

    /// A digit or a capital letter (customs codes have no lower case).
    @inline(__always) static func isCode(_ b: UInt8) -> Bool { b &- 0x30 < 10 || b &- 0x41 < 26 }

    /// Whether the four bytes packed in `key` (first byte highest) are all digits or capitals.
    @inline(__always) static func allCodes(_ key: UInt32) -> Bool {
        isCode(UInt8(key >> 24)) && isCode(UInt8(key >> 16 & 0xFF)) && isCode(UInt8(key >> 8 & 0xFF)) && isCode(UInt8(key & 0xFF))
    }

    /// The value of `digits` (1 to 15) decimal digits at `i`, eight at a time when the buffer
    /// holds the eight bytes that end the run.
    @inline(__always) static func decimal(_ base: UnsafePointer<UInt8>, at i: Int, digits: Int, count n: Int) -> Int64 {
        guard i &+ 16 <= n else {
            var value: Int64 = 0
            for k in i..<(i &+ digits) { value = value &* 10 &+ Int64(base[k] &- 0x30) }
            return value
        }
        guard digits > 8 else { return Int64(eightDigits(base + i, count: digits)) }
        let high = eightDigits(base + i, count: digits &- 8)
        return Int64(high &* 100_000_000 &+ eightDigits(base + i + digits - 8, count: 8))
    }

    /// The value of the `count` (1 to 8) digits at `p`; the eight bytes from `p` are read. The
    /// digits are moved to the word's top bytes (the bytes after them shifted out, zeros in
    /// front), then paired, paired again and again: three multiplications for eight digits.
    @inline(__always) static func eightDigits(_ p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) &- 0x3030_3030_3030_3030
        // Subtracting may borrow into a byte past the digits only: those are shifted out.
        var x = word &<< UInt64(64 &- 8 &* count)
        x = (x &* 10 &+ (x >> 8)) & 0x00FF_00FF_00FF_00FF
        x = (x &* 100 &+ (x >> 16)) & 0x0000_FFFF_0000_FFFF
        return (x &* 10_000 &+ (x >> 32)) & 0xFFFF_FFFF
    }

    /// How many digits follow from `i` (at most 16 are counted: more than the 15 an amount may
    /// have), eight bytes at a time while the buffer allows.
    @inline(__always) static func digitRun(_ base: UnsafePointer<UInt8>, at i: Int, count n: Int) -> Int {
        guard i &+ 16 <= n else {
            var k = i
            while k < n, base[k] &- 0x30 < 10, k &- i < 16 { k &+= 1 }
            return k &- i
        }
        let first = leadingDigits(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
        guard first == 8 else { return first }
        return 8 &+ leadingDigits(UnsafeRawPointer(base + i + 8).loadUnaligned(as: UInt64.self))
    }

    /// The number of digits `word`'s bytes start with (first byte lowest), 0 to 8.
    @inline(__always) static func leadingDigits(_ word: UInt64) -> Int {
        let others = ~digitMask(word) & 0x8080_8080_8080_8080
        return others == 0 ? 8 : others.trailingZeroBitCount &>> 3
    }
}
