@testable import FrenchNumbers
import Testing
@testable import Charts

let barsFrame = ChartRect(x: 50, y: 120, width: 495, height: 220)

func layoutBars(_ input: BalanceBarsInput, in frame: ChartRect = barsFrame) -> BalanceBarsLayout {
    BalanceBarsLayoutEngine(measurer: measurer).layout(input, in: frame)
}

func expectBarsSound(_ b: BalanceBarsLayout, sourceLocation: SourceLocation = #_sourceLocation) {
    for r in b.rows {
        #expect(abs(r.importBar.maxX - b.axisX) < 1e-9 && abs(r.exportBar.x - b.axisX) < 1e-9, sourceLocation: sourceLocation)
        #expect(abs(r.importBar.width - r.imports * b.scale) < 1e-6, sourceLocation: sourceLocation)
        #expect(abs(r.exportBar.width - r.exports * b.scale) < 1e-6, sourceLocation: sourceLocation)
        #expect(b.frame.contains(r.importBar) && b.frame.contains(r.exportBar), sourceLocation: sourceLocation)
        #expect(r.balance == r.exports - r.imports, sourceLocation: sourceLocation)
        for l in r.labels {
            #expect(!l.rect.overlaps(r.importBar) && !l.rect.overlaps(r.exportBar), "label «\(l.text)» over a bar", sourceLocation: sourceLocation)
        }
    }
    expectLabelsSound(b.labels, in: b.frame, sourceLocation: sourceLocation)
}

@Suite struct BalanceBarsLayoutTests {
    @Test func realPartnersShareOneScaleAndShowSignedBalances() {
        let b = layoutBars(realisticPartners())
        expectBarsSound(b)
        #expect(b.rows.count == 10)
        for r in b.rows {
            let balance = r.labels.last!
            if r.balance > 0 {
                #expect(balance.role == .positive && balance.text.hasPrefix("+"))
            } else {
                #expect(balance.role == .negative && balance.text.hasPrefix("\u{2212}"))
            }
        }
        #expect(b.headers.count == 3)
        #expect(b.legend.count == 4)
        // Rows top to bottom in input order.
        #expect(zip(b.rows, b.rows.dropFirst()).allSatisfy { $0.rowRect.maxY <= $1.rowRect.y + 1e-9 })
    }

    @Test func aPartnerWithNoImportsHasAnEmptyLeftBar() {
        var input = realisticPartners()
        input.rows[3].imports = 0
        input.rows.append(BalanceRowInput(code: "XX", label: "Nulle part", imports: 0, exports: 0))
        let b = layoutBars(input)
        expectBarsSound(b)
        #expect(b.rows.count == 10)
        #expect(b.rows[3].importBar.width == 0)
        #expect(b.omitted == ["XX: no trade"])
    }

    @Test func fortyCharacterNamesAreShortenedWithAnEllipsis() {
        var input = realisticPartners()
        input.rows = input.rows.map { var r = $0; r.label = longLabel; return r }
        let b = layoutBars(input)
        expectBarsSound(b)
        #expect(b.rows.allSatisfy { $0.labels[0].text.hasSuffix("…") })
    }

    @Test func aSmallFrameShrinksFontsButKeepsEveryLabel() {
        let frame = ChartRect(x: 0, y: 0, width: 300, height: 90)
        let b = layoutBars(realisticPartners(), in: frame)
        expectBarsSound(b)
        #expect(b.rows.allSatisfy { $0.labels.count == 4 })
    }

    @Test func aDepartementWithNoImportsDrawsExportsOnly() {
        let input = BalanceBarsInput(rows: realisticPartners().rows.map { var r = $0; r.imports = 0; return r })
        let b = layoutBars(input)
        expectBarsSound(b)
        #expect(b.rows.allSatisfy { $0.importBar.width == 0 && $0.balance > 0 })
    }

    @Test func layoutIsIdenticalOnTwoRuns() {
        #expect(layoutBars(realisticPartners()) == layoutBars(realisticPartners()))
    }
}

@Suite struct FrenchNumberTests {
    @Test func amountsUseDecimalCommaAndNarrowNoBreakSpaces() {
        #expect(FrenchNumber.millionsOfEuros(24_188_700_000) == "24\u{202F}188,7\u{00A0}M€")
        #expect(FrenchNumber.millionsOfEuros(-1_234_560_000, sign: true) == "\u{2212}1\u{202F}234,6\u{00A0}M€")
        #expect(FrenchNumber.millionsOfEuros(1_234_560_000, sign: true, unit: false) == "+1\u{202F}234,6")
        #expect(FrenchNumber.format(999.96) == "1\u{202F}000,0")
        #expect(FrenchNumber.format(0.04) == "0,0")
        #expect(FrenchNumber.format(-0.04) == "0,0")
        #expect(FrenchNumber.percent(0.171) == "17,1\u{00A0}%")
        #expect(FrenchNumber.percent(0.0417, decimals: 2) == "4,17\u{00A0}%")
    }

    @Test func groupsOfThreeDigitsZeroPaddedDecimalsAndReplaceableSeparatorAndMinus() {
        #expect(FrenchNumber.format(0) == "0,0")
        #expect(FrenchNumber.format(7, decimals: 0) == "7")
        #expect(FrenchNumber.format(100, decimals: 0) == "100")
        #expect(FrenchNumber.format(1000, decimals: 0) == "1\u{202F}000")
        #expect(FrenchNumber.format(123_456.25, decimals: 2) == "123\u{202F}456,25")
        #expect(FrenchNumber.format(1_000_000.001, decimals: 3) == "1\u{202F}000\u{202F}000,001")
        #expect(FrenchNumber.format(-1_234_567.89, separator: "", minusSign: "-") == "-1234567,9")
        #expect(FrenchNumber.format(2.5, decimals: 0, sign: true) == "+3")
        #expect(FrenchNumber.format(.nan) == "–")
        // However large, exactly the decimals asked for.
        #expect(FrenchNumber.format(1005757017998639.9, decimals: 4, separator: "").split(separator: ",")[1].count == 4)
        #expect(FrenchNumber.format(1e300) == "–", "beyond what an exact integer can print, and no trap")
    }
}

@Suite struct LabelPlacementTests {
    @Test func labelsStayAtTheirWishWhenThereIsRoom() {
        let tops = placeInOrder(wanted: [0, 50, 100], heights: [10, 10, 10], gap: 2, low: 0, high: 200)!
        #expect(tops == [0, 50, 100])
    }

    @Test func crowdedLabelsSpreadAroundTheMeanOfTheirWishes() {
        let tops = placeInOrder(wanted: [50, 50, 50], heights: [10, 10, 10], gap: 0, low: 0, high: 200)!
        #expect(tops == [40, 50, 60])
    }

    @Test func labelsArePushedInsideTheInterval() {
        let tops = placeInOrder(wanted: [-20, 195], heights: [10, 10], gap: 0, low: 0, high: 200)!
        #expect(tops == [0, 190])
        #expect(placeInOrder(wanted: [0, 0], heights: [60, 60], gap: 0, low: 0, high: 100) == nil)
    }

    @Test func shortenedTextEndsWithAnEllipsisAndFits() {
        let font = ChartFont(size: 10)
        let s = LabelFitting.shorten("Produits pharmaceutiques", font: font, maxWidth: 60, measurer: measurer)!
        #expect(s.shortened && s.text.hasSuffix("…"))
        #expect(measurer.measure(s.text, font: font).width <= 60)
        #expect(LabelFitting.shorten("Produits", font: font, maxWidth: 3, measurer: measurer) == nil)
    }
}
