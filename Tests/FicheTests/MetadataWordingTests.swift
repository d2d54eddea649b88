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
        #expect(alternative(10).contains("les dix premiers pays partenaires"))
        #expect(alternative(3).contains("les trois pays partenaires") && !alternative(3).contains("premiers"))
        #expect(alternative(1).contains("le seul pays partenaire"))
        #expect(!alternative(1).contains("1 premiers"))
    }
}
