/// French number formatting for charts: decimal comma, U+202F narrow no-break space between thousands.
package enum FrenchNumber {
    /// The thousands separator (NARROW NO-BREAK SPACE).
    static let thousandsSeparator = "\u{202F}"
    /// The space before a unit or "%" (NO-BREAK SPACE).
    static let unitSpace = "\u{00A0}"
    /// The minus sign used for negative amounts (U+2212).
    static let minus = "\u{2212}"

    /// `value` with `decimals` decimals, e.g. 1234.56 → "1 234,6" (narrow no-break spaces).
    /// Rounds half away from zero. `sign` adds "+" to positive values. `separator` and
    /// `minusSign` replace the thousands separator and the minus sign (a spreadsheet cell
    /// wants none and "-").
    package static func format(_ value: Double, decimals: Int = 1, sign: Bool = false,
                               separator: String = thousandsSeparator, minusSign: String = minus) -> String {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^64 units of the last decimal (no trade figure comes near) there is no exact
        // integer to print: shown like a value that is not a number.
        guard value.isFinite, scaled < 18_446_744_073_709_551_616 else { return "–" }
        let negative = value < 0 && scaled > 0
        // Integer and fraction split from one exact integer, so the fraction never has more
        // digits than asked, however large the value.
        let units = UInt64(scaled)
        let integerPart = units / scale
        let fraction = units % scale
        // Digits are written from the right into a small buffer: this runs for every figure
        // of every chart and table, and string concatenation was a measurable part of a fiche.
        var out: [UInt8] = []
        out.reserveCapacity(32)
        if decimals > 0 {
            var f = fraction
            for _ in 0..<decimals { out.append(UInt8(ascii: "0") + UInt8(f % 10)); f /= 10 }
            out.append(UInt8(ascii: ","))
        }
        let separatorBytes = Array(separator.utf8.reversed())
        var integer = integerPart, written = 0
        repeat {
            if written > 0, written % 3 == 0 { out += separatorBytes }
            out.append(UInt8(ascii: "0") + UInt8(integer % 10))
            integer /= 10
            written += 1
        } while integer > 0
        if negative { out += minusSign.utf8.reversed() } else if sign && scaled > 0 { out.append(UInt8(ascii: "+")) }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// An amount in euros as millions with one decimal: 24_188_700_000 → "24 188,7 M€".
    package static func millionsOfEuros(_ euros: Double, sign: Bool = false, unit: Bool = true) -> String {
        format(euros / 1_000_000, decimals: 1, sign: sign) + (unit ? unitSpace + "M€" : "")
    }

    /// A share in 0...1 as a percentage: 0.171 → "17,1 %".
    package static func percent(_ share: Double, decimals: Int = 1) -> String {
        format(share * 100, decimals: decimals) + unitSpace + "%"
    }
}
