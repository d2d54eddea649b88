import Charts
import Testing
@testable import Fiche
@testable import TradeData

/// The document's Subject names the département with its article, and the partner chart's
/// alternative text counts in letters, as the text does (issue 22, points 10 and 11).
@Suite struct MetadataWordingTests {
    typealias F = WordingFixture

    @Test func theSubjectNamesTheDepartementWithItsArticle() throws {
        for (code, expected) in [("59", "du département du Nord (59)"), ("01", "du département de l’Ain (01)"),
                                 ("92", "du département des Hauts-de-Seine (92)"), ("9D", "du département de La Réunion (974)")] {
            let report = try F.report(code, [F.e(code, "C30Z", "DE", 9_000_000)])
            // (The metadata's fields are Canvas's own; its description shows them.)
            let metadata = String(describing: FicheRenderer.metadata(report, places: try Fixtures.places))
            #expect(metadata.contains("Commerce extérieur " + expected), "\(metadata)")
        }
    }

    @Test func thePartnerChartCountsInLetters() {
        func alternative(_ n: Int) -> String {
            let rows = (0..<n).map { BalanceRowInput(code: "P\($0)", label: "Pays \($0)", imports: 1e6, exports: 2e6) }
            return ChartData.partners(BalanceBarsInput(rows: rows), territory: "Nord (59)", number: 1).alternative
        }
        #expect(alternative(10).contains("des dix premiers pays partenaires"))
        #expect(alternative(3).contains("des trois pays partenaires") && !alternative(3).contains("premiers"))
        #expect(alternative(1).contains("du seul pays partenaire"))
        #expect(!alternative(1).contains("1 premiers"))
    }
}

/// Tiny and zero amounts read right (issue 22, point 10).
@Suite struct TinyAmountWordingTests {
    typealias F = WordingFixture

    @Test func anAmountUnderTheLastDecimalIsLessThanATenthNotZero() {
        #expect(FicheValues.amount(40_000) == "moins de 0,1\u{00A0}million d’euros")
        #expect(FicheValues.amount(50_000) == "0,1\u{00A0}million d’euros")
        #expect(FicheValues.amount(0) == "0,0\u{00A0}million d’euros", "zero is said by the sentences' own variants")
    }

    @Test func noExportsAtAllReadsAucuneInTheKeyFiguresAndTheChartText() throws {
        let report = try F.report("14", [F.i("14", "C30Z", "DE", 3_800_000)])
        let cover = try F.pages(report)[0]
        #expect(cover.contains("Exportations : **aucune**"), "\(cover)")
        let data = ChartData.activities(ChartInputs.activities(report.departementTrade), territory: "Calvados (14)", number: 1)
        #expect(data.alternative.contains("Aucune exportation à représenter.") && !data.alternative.contains("exportations à représenter"))
    }
}

/// Shares that exist but round to zero (issue 22, point 10).
@Suite struct TinyShareWordingTests {
    typealias F = WordingFixture

    @Test func aShareUnderThePrintedPrecisionReadsLessThan() throws {
        let report = try F.report("48", [F.e("48", "C30Z", "DE", 10_000), F.e("34", "C30Z", "DE", 900_000_000_000),
                                         F.i("48", "C30Z", "DE", 10_000)])
        let values = try FicheValues.make(report, territories: nil, places: Fixtures.places)
        #expect(values["exports_part_region"] as? String == "moins de 0,1\u{00A0}%")
        #expect(values["exports_part_france"] as? String == "moins de 0,01\u{00A0}%")
        #expect(values["imports_part_region"] as? String == "100,0\u{00A0}%", "a real share is printed as it is")
    }
}
