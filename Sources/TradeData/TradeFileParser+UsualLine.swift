// The parser's fast path: a line of the usual shape, read and checked in one go.
//
// Nearly every line of a customs file opens with eight fixed-width fields
// ("E;1;2024;95;11;C10A;1011;US;") and ends with two runs of digits ("406473;1210935\n"). Such
// a line, when every field is valid, is read here straight from its bytes at known offsets:
// no field positions stored and read back, no scan of the fixed part. Anything else (another
// shape, a field that fails a check, the file's last line without a line end) is left to the
// general path, which reads it from its start and says what is wrong: the fast path accepts
// exactly the lines the general path accepts, with the same values.

extension TradeFileParser {
    /// Reads the line at `start` into `sink` and returns where the next line starts; -1 when it
    /// is not a valid line of the usual shape or the sink refuses it (the general path then
    /// reads it, and says why).
    @inline(__always)
    static func takeUsualLine<Sink: TradeRowSink>(_ base: UnsafePointer<UInt8>, at start: Int, count n: Int,
                                                  departements: UnsafeMutablePointer<Int16>,
                                                  countryAllowed: UnsafeMutablePointer<Bool>, into sink: inout Sink) -> Int {
        guard start &+ 32 <= n, opensWithFixedFields(base + start) else { return -1 }
        let p = base + start
        let flux = p[0], quarter = p[2]
        guard flux == 0x45 || flux == 0x49, quarter >= 0x31, quarter <= 0x34 else { return -1 }
        guard let year = fourDigits(p + 4), year >= 1900 else { return -1 }
        let departement = departements[Int(Geography.key(p[9], p[10]))]
        guard departement >= 0, isCode(p[12]), isCode(p[13]) else { return -1 }
        let activity = UInt32(bigEndian: UnsafeRawPointer(p + 15).loadUnaligned(as: UInt32.self))
        let product = UInt32(bigEndian: UnsafeRawPointer(p + 20).loadUnaligned(as: UInt32.self))
        guard allCodes(activity), allCodes(product), isCode(p[25]), isCode(p[26]) else { return -1 }
        let countryKey = Geography.key(p[25], p[26])
        guard countryAllowed[Int(countryKey)] else { return -1 }
        // The value: 1 to 15 digits, then ';'.
        let valueStart = start &+ 28
        let valueDigits = digitRun(base, at: valueStart, count: n)
        var i = valueStart &+ valueDigits
        guard valueDigits > 0, valueDigits <= 15, i < n, base[i] == 0x3B else { return -1 }
        var value: Int64 = 0
        for k in valueStart..<i { value = value &* 10 &+ Int64(base[k] &- 0x30) }
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
        let line = ParsedLine(flow: flux == 0x45 ? 0 : 1, quarter: quarter - 0x30, year: UInt16(year),
                              departement: UInt8(departement), activityKey: activity, productKey: product,
                              countryKey: countryKey, value: value, base: base,
                              activity: start + 15 ..< start + 19, product: start + 20 ..< start + 24,
                              country: start + 25 ..< start + 27)
        return sink.take(line) == nil ? i &+ 1 : -1
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

    /// The number of digits `word`'s bytes start with (first byte lowest), 0 to 8. A byte is a
    /// digit when its high nibble is 3 and stays 3 once 6 is added. Adding 6 to every byte at
    /// once carries into the next byte only from a byte of 0xFA or more, which is no digit; the
    /// carried byte is then at most taken for a non-digit when it was '9', never the reverse:
    /// the run may end early (the line then takes the general path), never late.
    @inline(__always) static func leadingDigits(_ word: UInt64) -> Int {
        let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0, threes: UInt64 = 0x3030_3030_3030_3030
        let notDigit = ((word & nibbles) ^ threes) | (((word &+ 0x0606_0606_0606_0606) & nibbles) ^ threes)
        let digits = byteMask(notDigit, of: 0)  // high bit of each digit byte
        let firstOther = ~digits & 0x8080_8080_8080_8080
        return firstOther == 0 ? 8 : firstOther.trailingZeroBitCount &>> 3
    }

    /// A digit or a capital letter (customs codes have no lower case).
    @inline(__always) static func isCode(_ b: UInt8) -> Bool { b &- 0x30 < 10 || b &- 0x41 < 26 }

    /// Whether the four bytes packed in `key` (first byte highest) are all digits or capitals.
    @inline(__always) static func allCodes(_ key: UInt32) -> Bool {
        isCode(UInt8(key >> 24)) && isCode(UInt8(key >> 16 & 0xFF)) && isCode(UInt8(key >> 8 & 0xFF)) && isCode(UInt8(key & 0xFF))
    }

    /// The four digits at `p` as a number, or nil.
    @inline(__always) static func fourDigits(_ p: UnsafePointer<UInt8>) -> Int? {
        let a = p[0] &- 0x30, b = p[1] &- 0x30, c = p[2] &- 0x30, d = p[3] &- 0x30
        guard a < 10, b < 10, c < 10, d < 10 else { return -1 }
        return Int(a) * 1000 + Int(b) * 100 + Int(c) * 10 + Int(d)
    }
}
