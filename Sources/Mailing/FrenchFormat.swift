// Figures written the French way: narrow no-break space between thousands, decimal comma.

/// French number formatting for e-mail text.
public enum FrenchFormat {
    /// U+202F NARROW NO-BREAK SPACE, the thousands separator.
    public static let thousandsSeparator = "\u{202F}"

    /// An integer with thousands separated: `24188` → "24 188".
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += thousandsSeparator }
            out.append(c)
        }
        return value < 0 ? "−" + out : out
    }

    /// Euros as millions with one decimal: `24_188_700_000` → "24 188,7" (rounded half away from zero).
    public static func millions(euros: Double) -> String {
        let tenths = (euros / 100_000).rounded(.toNearestOrAwayFromZero)
        let magnitude = Int64(tenths.magnitude)
        let text = grouped(magnitude / 10) + "," + String(magnitude % 10)
        return tenths < 0 ? "−" + text : text
    }
}
