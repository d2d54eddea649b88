import Foundation
@testable import TestScratch
import Testing
@testable import Fiche

/// Page 2's «Dans cette fiche» box names the pages that really hold what it says, and the
/// glossary of the last page is there.
@Suite struct PageContentsTests {
    @Test func theContentsBoxGivesThePagesAsPrinted() throws {
        let url = Scratch.directory("contents").appendingPathComponent("fiche.pdf")
        let rendered = try FicheRenderer(options: FicheOptions()).render(Fixtures.report, territories: Fixtures.territories, to: url)
        func page(_ n: Int) throws -> String {
            String(decoding: try FinishingTests.poppler("pdftotext", ["-f", "\(n)", "-l", "\(n)", url.path, "-"]), as: UTF8.self)
                .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        }
        // One year of data: no evolution page.
        #expect(rendered.pageCount == 8)
        let contents = try page(2)
        #expect(contents.contains("Dans cette fiche") && contents.contains("Page 3 : la balance commerciale"))
        #expect(contents.contains("Pages 4 à 7 : les exportations puis les importations") && contents.contains("Page 8 : les mots de la fiche"))
        #expect(try page(3).contains("Balance commerciale territoriale"))
        #expect(try page(4).contains("Exportations") && page(7).contains("Importations"))
        #expect(try page(8).contains("Les mots de la fiche") && page(8).contains("Solde commercial"))
    }
}
