import Testing
@testable import FicheServer

/// Numbers on the web page as on the fiche.
@Suite struct WebNumberTests {
    @Test func tableCellsTakeTheFichesNumberForm() {
        #expect(WebPages.frenchNumber("-4493,8") == "\u{2212}4\u{202F}493,8")
        #expect(WebPages.frenchNumber("5094,5") == "5\u{202F}094,5")
        #expect(WebPages.frenchNumber("100,0") == "100,0")
        #expect(WebPages.frenchNumber("Allemagne") == "Allemagne")
    }

    @Test func aBalanceRoundedOnItsOwnIsFlaggedWhereItDiffersFromTheShownDifference() {
        // 1,1 M€ − 1,0 M€ shown, a balance of 1 € (0,0 M€).
        #expect(WebPages.roundsApart(exports: 1_050_000, imports: 1_049_999))
        #expect(!WebPages.roundsApart(exports: 2_000_000, imports: 1_000_000))
    }
}
