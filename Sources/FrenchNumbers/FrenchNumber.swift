/// French number formatting for charts: decimal comma, U+202F narrow no-break space between thousands.
package enum FrenchNumber {
    /// The thousands separator (NARROW NO-BREAK SPACE).
    package static let thousandsSeparator = "\u{202F}"
    /// The space before a unit or "%" (NO-BREAK SPACE).
    package static let unitSpace = "\u{00A0}"
    /// The minus sign used for negative amounts (U+2212).
    package static let minus = "\u{2212}"

    /// `value` with `decimals` decimals, e.g. 1234.56 → "1 234,6" (narrow no-break spaces).
    /// Rounds half away from zero. `sign` adds "+" to positive values.
    package static func format(_ value: Double, decimals: Int = 1, sign: Bool = false) -> String {
        guard value.isFinite else { return "–" }
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        let negative = value < 0 && scaled > 0
        let integerPart = UInt64(scaled / scale)
        let fraction = UInt64(scaled - Double(integerPart) * scale)
        var digits = String(integerPart)
        var grouped = ""
        while digits.count > 3 {
            grouped = thousandsSeparator + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            var f = String(fraction)
            while f.count < decimals { f = "0" + f }
            grouped += "," + f
        }
        if negative { return minus + grouped }
        if sign && scaled > 0 { return "+" + grouped }
        return grouped
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
