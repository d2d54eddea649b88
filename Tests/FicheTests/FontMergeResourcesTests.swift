import Foundation
@testable import TestScratch
import Testing
@testable import Fiche
@testable import PDFFinishing

/// The font-subset merge on PDFs shaped otherwise than cairo writes them: resources shared by
/// every page, resources inherited from the page tree. The text must read the same after
/// finishing as before; a file the merge cannot follow whole keeps cairo's subsets.
@Suite struct FontMergeResourcesTests {
    /// The fixture fiche as cairo draws it, opened for editing.
    static func drawn() throws -> (renderer: FicheRenderer, charts: [ChartData], file: PDFRewriter, pages: [Int]) {
        let renderer = try FicheRenderer(options: FicheOptions())
        let result = try renderer.draw(Fixtures.report, territories: Fixtures.territories)
        let file = try PDFRewriter(result.pdf)
        let pages = try PDFFinisher.pageNumbers(file, try file.dictionary(file.trailer["Root"])!["Pages"])
        return (renderer, result.charts, file, pages)
    }

    /// The text of `pdf` (poppler's `pdftotext`), and its font faces as `pdffonts` lists them.
    static func textAndFaces(_ pdf: Data, name: String) throws -> (text: Data, faces: [String]) {
        let url = Scratch.directory("font-merge").appendingPathComponent(name)
        try pdf.write(to: url)
        let faces = String(decoding: try FinishingTests.poppler("pdffonts", [url.path]), as: UTF8.self).split(separator: "\n").dropFirst(2)
            .compactMap { $0.split(separator: " ").first?.split(separator: "+").last.map(String.init) }
        return (try FinishingTests.poppler("pdftotext", [url.path, "-"]), faces)
    }

    @Test func pagesSharingOneResourcesObjectAllHaveTheirStringsReencoded() throws {
        let (renderer, charts, file, pages) = try Self.drawn()
        var union = PDFDictionary()
        for page in pages {
            for (key, value) in try file.dictionary(try file.object(page).dictionary!["Resources"])!.entries {
                guard let entries = try file.dictionary(value) else { union[key] = value; continue }
                var merged = try file.dictionary(union[key]) ?? PDFDictionary()
                for (name, item) in entries.entries { merged[name] = item }
                union[key] = .dictionary(merged)
            }
        }
        let shared = file.add(.dictionary(union))
        for page in pages {
            var dictionary = try file.object(page).dictionary!
            dictionary["Resources"] = shared
            file.replace(page, with: .dictionary(dictionary))
        }
        let sharing = try file.write(root: file.trailer["Root"], info: file.trailer["Info"])
        let finished = try renderer.finishForArchiveAndAccessibility(Array(sharing), report: Fixtures.report, charts: charts)
        let before = try Self.textAndFaces(sharing, name: "shared.pdf"), after = try Self.textAndFaces(finished, name: "shared-finished.pdf")
        #expect(!before.text.isEmpty && after.text == before.text)
        #expect(after.faces.count == Set(after.faces).count && before.faces.count > Set(before.faces).count, "\(after.faces)")
    }

    @Test func resourcesInheritedFromThePageTreeLeaveTheSubsetsAsCairoWroteThem() throws {
        let (renderer, charts, file, pages) = try Self.drawn()
        let tree = try file.dictionary(file.trailer["Root"])!["Pages"]
        var page = try file.object(pages[1]).dictionary!
        var node = try file.dictionary(tree)!
        node["Resources"] = page["Resources"]
        page["Resources"] = .null
        file.replace(pages[1], with: .dictionary(page))
        file.replace(tree.reference!, with: .dictionary(node))
        let inheriting = try file.write(root: file.trailer["Root"], info: file.trailer["Info"])
        let finished = try renderer.finishForArchiveAndAccessibility(Array(inheriting), report: Fixtures.report, charts: charts)
        let before = try Self.textAndFaces(inheriting, name: "inherited.pdf"), after = try Self.textAndFaces(finished, name: "inherited-finished.pdf")
        #expect(!before.text.isEmpty && after.text == before.text)
        #expect(after.faces == before.faces)
    }
}
