import Testing
@testable import FrenchNumbers

/// French number formatting: decimal comma, narrow no-break spaces between thousands, the
/// minus sign U+2212, a no-break space before units.
@Suite struct FrenchNumberFormatTests {
    @Test func thousandsAreSeparatedByNarrowNoBreakSpacesAndDecimalsByAComma() {
        #expect(FrenchNumber.format(1234.56) == "1\u{202F}234,6")
        #expect(FrenchNumber.format(24_188.7) == "24\u{202F}188,7")
        #expect(FrenchNumber.format(1_234_567_890, decimals: 0) == "1\u{202F}234\u{202F}567\u{202F}890")
        #expect(FrenchNumber.format(999, decimals: 0) == "999")
        #expect(FrenchNumber.format(0) == "0,0")
        #expect(FrenchNumber.format(0.5, decimals: 2) == "0,50")
    }

    @Test func roundingIsHalfAwayFromZero() {
        #expect(FrenchNumber.format(0.25, decimals: 1) == "0,3")
        #expect(FrenchNumber.format(-0.25, decimals: 1) == "\u{2212}0,3")
        #expect(FrenchNumber.format(2.5, decimals: 0) == "3")
        #expect(FrenchNumber.format(9.96, decimals: 1) == "10,0")
        #expect(FrenchNumber.format(999.95, decimals: 1) == "1\u{202F}000,0")
    }

    @Test func negativeNumbersTakeTheMinusSignAndZeroHasNone() {
        #expect(FrenchNumber.format(-1234.5) == "\u{2212}1\u{202F}234,5")
        // A negative value that rounds to zero prints as zero, without a sign.
        #expect(FrenchNumber.format(-0.04) == "0,0")
        #expect(FrenchNumber.format(-0.0) == "0,0")
    }

    @Test func signAddsAPlusToPositiveValuesOnly() {
        #expect(FrenchNumber.format(12.3, sign: true) == "+12,3")
        #expect(FrenchNumber.format(-12.3, sign: true) == "\u{2212}12,3")
        #expect(FrenchNumber.format(0.01, sign: true) == "0,0")
    }

    @Test func aSpreadsheetCellTakesNoSeparatorAndAnASCIIMinus() {
        #expect(FrenchNumber.format(-1234.56, decimals: 1, separator: "", minusSign: "-") == "-1234,6")
    }

    @Test func valuesThatAreNotNumbersOrTooLargeShowADash() {
        #expect(FrenchNumber.format(.nan) == "–")
        #expect(FrenchNumber.format(.infinity) == "–")
        #expect(FrenchNumber.format(1e300) == "–")
        // Just below 2^64 units of the last decimal: printed exactly.
        #expect(FrenchNumber.format(1e18, decimals: 0) == "1\u{202F}000\u{202F}000\u{202F}000\u{202F}000\u{202F}000\u{202F}000")
    }

    @Test func neverMoreDecimalsThanAsked() {
        for decimals in 0...4 {
            for value in [0.0, 1.23456789, 98_765.4321, 123_456_789.987654321] {
                let text = FrenchNumber.format(value, decimals: decimals)
                let fraction = text.split(separator: ",").dropFirst().first ?? ""
                #expect(fraction.count == decimals, "\(text)")
            }
        }
    }

    @Test func millionsOfEurosHaveOneDecimalAndTheirUnitAfterANoBreakSpace() {
        #expect(FrenchNumber.millionsOfEuros(24_188_700_000) == "24\u{202F}188,7\u{00A0}M€")
        #expect(FrenchNumber.millionsOfEuros(-1_250_000, sign: true) == "\u{2212}1,3\u{00A0}M€")
        #expect(FrenchNumber.millionsOfEuros(1_250_000, sign: true, unit: false) == "+1,3")
    }
}

/// One percent convention: `FrenchNumber.percent` takes a share as a fraction (0.171 for 17,1 %).
@Suite struct FrenchPercentTests {
    @Test func aFractionIsPrintedAsAPercentageWithANoBreakSpaceBeforeTheSign() {
        #expect(FrenchNumber.percent(0.171) == "17,1\u{00A0}%")
        #expect(FrenchNumber.percent(0.0417, decimals: 2) == "4,17\u{00A0}%")
        #expect(FrenchNumber.percent(0.037, decimals: 2) == "3,70\u{00A0}%")
        #expect(FrenchNumber.percent(1) == "100,0\u{00A0}%")
        #expect(FrenchNumber.percent(0) == "0,0\u{00A0}%")
        #expect(FrenchNumber.percent(-0.052) == "\u{2212}5,2\u{00A0}%")
    }

    /// The fiche's text gets shares already in percent and rounded (TradeData publishes them
    /// so): dividing them by 100 for `percent` prints the very digits they had, for every
    /// share from 0 to 100 % with one or two decimals.
    @Test func sharesInPercentDividedByAHundredPrintTheirOwnDigits() {
        for decimals in [1, 2] {
            let scale = decimals == 1 ? 10 : 100
            for units in 0...(100 * scale) {
                let percentage = Double(units) / Double(scale)
                let direct = FrenchNumber.format(percentage, decimals: decimals) + "\u{00A0}%"
                if FrenchNumber.percent(percentage / 100, decimals: decimals) != direct {
                    Issue.record("\(percentage) with \(decimals) decimals")
                }
            }
        }
    }
}
