// The parser's fast path: a line of the usual shape, read and checked in one go.
//
// Nearly every line of a customs file opens with eight fixed-width fields
// ("E;1;2024;95;11;C10A;1011;US;") and ends with two runs of digits ("406473;1210935\n"). Such
// a line, when every field is valid, is read here straight from its bytes at known offsets:
// the 28 bytes of the fixed fields are loaded as four words, the separators checked at once,
// the fields taken from the words (checked only when they differ from the line before's), and
// the amount converted eight digits at a time. Anything else (another shape, a field that
// fails a check, the file's last line without a line end) is left to the general path, which
// reads it from its start and says what is wrong: the fast path accepts exactly the lines the
// general path accepts, with the same values (a test compares both on mutated lines). The
// words are read as a little-endian machine reads them (first byte lowest).

#if !_endian(little)
#error("TradeFileParser's fast path reads bytes as little-endian words")
#endif

/// What the fast path last found valid, so that a line repeating it skips its checks: files are
/// sorted by period, département and codes, and most lines repeat the line before's. It starts
/// from values that are valid themselves ("00", "0000"), never from a value a line could hold
/// unchecked: a line of codes "\0\0" must be checked like any other.
struct CheckedCodes {
    /// The line's first eight bytes (flow, quarter, year), and the values they hold. 0 matches
    /// no line: bytes 1 and 3 of a line that gets here are separators.
    var opening: UInt64 = 0
    var flow: UInt8 = 0
    var quarter: UInt8 = 0
    var year: UInt16 = 0
    var region: UInt16 = 0x3030
    var activity: UInt32 = 0x3030_3030
    var product: UInt32 = 0x3030_3030
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
        let (w0, w1, w2, w3) = fixedFieldWords(base + start)
        guard hasFixedSeparators(w0, w1, w2, w3) else { return -1 }
        // Every other byte before byte 28 is checked below: the flow, quarter and year (the
        // first word), the codes, by their tables or as digits and capitals. None can be a
        // separator or a line end.
        if w0 != checked.opening {
            guard let opening = Self.opening(w0) else { return -1 }
            (checked.flow, checked.quarter, checked.year) = opening
            checked.opening = w0
        }
        // The département and the country: their tables hold valid codes only (the country
        // table no code with a byte other than a digit or capital, see `LineTables`).
        let departement = departements[Int(UInt16(truncatingIfNeeded: w1 &>> 8).byteSwapped)]
        let countryKey = UInt16(truncatingIfNeeded: w3 &>> 8).byteSwapped
        guard departement >= 0, countryAllowed[Int(countryKey)] else { return -1 }
        // The region, activity and product codes: checked when they differ from the line
        // before's.
        let region = UInt16(truncatingIfNeeded: w1 &>> 32).byteSwapped
        let activity = UInt32(bigEndian: UInt32(truncatingIfNeeded: w1 &>> 56 | w2 &<< 8))
        let product = UInt32(bigEndian: UInt32(truncatingIfNeeded: w2 &>> 32))
        if region != checked.region {
            guard isCode(UInt8(region >> 8)), isCode(UInt8(region & 0xFF)) else { return -1 }
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
        let line = ParsedLine(flow: checked.flow, quarter: checked.quarter, year: checked.year,
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

    /// Whether the 32 bytes loaded as `w0`…`w3` have ';' at bytes 1, 3, 8, 11, 14, 19, 24 and
    /// 27: the separators of the usual line's eight fixed-width fields. (Whether the bytes
    /// between are what the fields allow is the caller's to check.)
    @inline(__always) static func hasFixedSeparators(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) -> Bool {
        ((w0 & 0xFF00_FF00) ^ 0x3B00_3B00) | ((w1 & 0x00FF_0000_FF00_00FF) ^ 0x003B_0000_3B00_003B)
            | ((w2 & 0xFF00_0000) ^ 0x3B00_0000) | ((w3 & 0xFF00_00FF) ^ 0x3B00_003B) == 0
    }

    /// The flow (0 exports, 1 imports), quarter and year a line's first eight bytes hold
    /// ("E;3;2024"), when they are valid: E or I, 1 to 4, four digits from 1900 on.
    @inline(__always) static func opening(_ w0: UInt64) -> (flow: UInt8, quarter: UInt8, year: UInt16)? {
        let flux = UInt8(truncatingIfNeeded: w0), quarter = UInt8(truncatingIfNeeded: w0 &>> 16)
        let yearDigits: UInt64 = 0x8080_8080_0000_0000
        guard flux == 0x45 || flux == 0x49, quarter &- 0x31 < 4, digitMask(w0) & yearDigits == yearDigits else { return nil }
        let d = { (k: UInt64) in UInt16(truncatingIfNeeded: w0 &>> (8 &* k)) & 0xFF &- 0x30 }
        let year = d(4) &* 1000 &+ d(5) &* 100 &+ d(6) &* 10 &+ d(7)
        guard year >= 1900 else { return nil }
        return (flux == 0x45 ? 0 : 1, quarter &- 0x30, year)
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
