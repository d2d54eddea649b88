import Foundation
@testable import TestScratch
import Testing
@testable import Fiche

/// A template edited by hand and broken is reported with its line and what is wrong, not the
/// Mustache parser's dump (issue 19: `ParserError(context: Mustache.MustacheParserContext(…`).
@Suite struct TemplateErrorTests {
    @Test func aSectionNeverClosedIsReportedWithItsLineInPlainWords() throws {
        let folder = Scratch.directory("template")
        let page = folder.appendingPathComponent("page-1.mustache")
        try "# {{titre}}\n\n{{#partenaires}}\n- {{nom}}\n".write(to: page, atomically: true, encoding: .utf8)
        do {
            _ = try FicheTemplate(directory: folder)
            Issue.record("a broken template is refused")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix(page.path + ": line "), "\(message)")
            #expect(message.contains("never closed with {{/…}}"), "\(message)")
            #expect(!message.contains("MustacheParserContext"), "\(message)")
        }
    }
}
