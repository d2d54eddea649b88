import Foundation
@testable import TestScratch
import Testing
@testable import Fiche
@testable import PDFFinishing
import ProjectFiles

/// The PDF/UA and PDF/A finishing step adds structure, metadata and files, and changes
/// nothing a reader sees: every page renders to the same pixels and gives the same text.
@Suite struct FinishingTests {
    /// Runs a poppler tool from /usr/bin and returns its standard output.
    static func poppler(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test func finishingChangesNoPixelAndNoText() throws {
        let dir = Scratch.directory("finishing")
        let renderer = try FicheRenderer(options: FicheOptions())
        let drawn = dir.appendingPathComponent("drawn.pdf")
        let result = try renderer.draw(Fixtures.report, territories: Fixtures.territories)
        try Data(result.pdf).write(to: drawn)
        let finished = dir.appendingPathComponent("finished.pdf")
        try renderer.finishForArchiveAndAccessibility(result.pdf, report: Fixtures.report, charts: result.charts).write(to: finished)
        #expect(try Data(contentsOf: drawn) != Data(contentsOf: finished), "the finishing step did something")
        for (name, url) in [("drawn", drawn), ("finished", finished)] {
            _ = try Self.poppler("pdftoppm", ["-r", "40", "-png", url.path, dir.appendingPathComponent(name).path])
        }
        for page in 1...result.pageCount {
            let a = try Data(contentsOf: dir.appendingPathComponent("drawn-\(page).png"))
            let b = try Data(contentsOf: dir.appendingPathComponent("finished-\(page).png"))
            #expect(a == b, "page \(page) looks different after finishing")
        }
        let textBefore = try Self.poppler("pdftotext", [drawn.path, "-"])
        let textAfter = try Self.poppler("pdftotext", [finished.path, "-"])
        #expect(!textBefore.isEmpty && textBefore == textAfter)
    }

    /// cairo embeds a face twice (a Type 1C and a CID subset) when its text needs characters
    /// outside WinAnsi or a second glyph for one character; finishing merges them.
    @Test func finishingEmbedsEachFaceOnce() throws {
        let dir = Scratch.directory("finishing")
        let renderer = try FicheRenderer(options: FicheOptions())
        let result = try renderer.draw(Fixtures.report, territories: Fixtures.territories)
        let drawn = dir.appendingPathComponent("faces-drawn.pdf"), finished = dir.appendingPathComponent("faces-finished.pdf")
        try Data(result.pdf).write(to: drawn)
        try renderer.finishForArchiveAndAccessibility(result.pdf, report: Fixtures.report, charts: result.charts).write(to: finished)
        func faces(_ url: URL) throws -> [String] {
            String(decoding: try Self.poppler("pdffonts", [url.path]), as: UTF8.self).split(separator: "\n").dropFirst(2)
                .compactMap { $0.split(separator: " ").first?.split(separator: "+").last.map(String.init) }
        }
        let before = try faces(drawn), after = try faces(finished)
        #expect(before.count > Set(before).count, "cairo made two subsets of some face: \(before)")
        #expect(after.count == Set(after).count && Set(after) == Set(before), "\(after)")
    }

    /// cairo's font programs arrive stored (zlib level 0, see `cairo_numbers.c`): the finishing
    /// step compresses them, so no stream of a finished fiche is left stored.
    @Test func fontProgramsAreCompressedOnceByTheFinishingStep() throws {
        let renderer = try FicheRenderer(options: FicheOptions())
        let result = try renderer.draw(Fixtures.report, territories: Fixtures.territories)
        let finished = try renderer.finishForArchiveAndAccessibility(result.pdf, report: Fixtures.report, charts: result.charts)
        /// The first bytes of every stream's data in `pdf`.
        func streamStarts(_ pdf: [UInt8]) -> [ArraySlice<UInt8>] {
            let keyword = Array("stream".utf8)
            return pdf.indices.dropLast(keyword.count + 4).compactMap { i -> ArraySlice<UInt8>? in
                guard pdf[i] == 0x73, pdf[i..<i + keyword.count].elementsEqual(keyword), i == 0 || pdf[i - 1] != 0x64 else { return nil }
                var start = i + keyword.count
                if pdf[start] == 0x0D { start += 1 }
                guard pdf[start] == 0x0A else { return nil }
                return pdf[(start + 1)..<(start + 4)]
            }
        }
        let drawnStored = streamStarts(result.pdf).filter(PDFRewriter.startsWithStoredBlock)
        #expect(drawnStored.count >= 4, "cairo's font programs are stored: \(drawnStored.count)")
        let finishedStarts = streamStarts(Array(finished))
        #expect(finishedStarts.count > 20)
        #expect(finishedStarts.filter(PDFRewriter.startsWithStoredBlock).isEmpty, "a stream of the finished fiche is stored")
    }

    @Test func finishingIsDeterministic() throws {
        let dir = Scratch.directory("finishing")
        let renderer = try FicheRenderer(options: FicheOptions())
        let a = dir.appendingPathComponent("a.pdf"), b = dir.appendingPathComponent("b.pdf")
        _ = try renderer.render(Fixtures.report, territories: Fixtures.territories, to: a)
        _ = try renderer.render(Fixtures.report, territories: Fixtures.territories, to: b)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    @Test func everyChartGetsAnAlternativeTextAndATable() throws {
        let renderer = try FicheRenderer(options: FicheOptions())
        let result = try renderer.draw(Fixtures.report, territories: Fixtures.territories)
        #expect(result.charts.count == 8)
        #expect(Set(result.charts.map(\.fileName)).count == 8, "one file name per chart")
        for chart in result.charts {
            #expect(chart.alternative.count > 80, "\(chart.fileName): \(chart.alternative)")
            #expect(chart.rows.count >= 2, "\(chart.fileName) has a header and rows")
        }
        #expect(result.charts[0].alternative.hasPrefix("Graphique en barres"))
        #expect(result.charts[1].alternative.hasPrefix("Carte proportionnelle des activités"))
        #expect(result.charts[2].alternative.hasPrefix("Diagramme de flux des exportations"))
        // Short, as a screen reader says it at once; the detail is in the attached CSV.
        for chart in result.charts { #expect(chart.alternative.count < 350, "\(chart.fileName): \(chart.alternative.count) characters") }
        #expect(!result.charts.contains { $0.alternative.contains("Autres vers Autres") || $0.alternative.contains("Premiers activités") })
        #expect(result.charts[2].alternative.contains("En violet foncé, le plus grand flux : "))  // the fixture's one flow
    }

    @Test func theMetadataNamesTheToolAndTheLicenceAndTheOutlineCountIsNotNegative() throws {
        let dir = Scratch.directory("finishing")
        let url = dir.appendingPathComponent("meta.pdf")
        _ = try FicheRenderer(options: FicheOptions()).render(Fixtures.report, territories: Fixtures.territories, to: url)
        let info = String(decoding: try Self.poppler("pdfinfo", [url.path]), as: UTF8.self)
        #expect(info.contains("Producer:        fiche \(ToolInfo.version) (finition PDF/UA-1 et PDF/A-3b), cairo"), "\(info)")
        let metadata = String(decoding: try Self.poppler("pdfinfo", ["-meta", url.path]), as: UTF8.self)
        #expect(metadata.contains("<dc:rights>") && metadata.contains("Licence Ouverte / Etalab 2.0"))
        let bytes = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(!bytes.contains("/Count -"), "the outline dictionary's /Count is never negative")
    }
}

/// The CSV files attached to the fiche open as they are in French spreadsheets (the quoting
/// rule itself is pinned in CSVTests).
@Suite struct ChartCSVTests {
    @Test func chartTableIsUTF8WithByteOrderMarkSemicolonsAndCRLF() {
        let data = ChartData(alternative: "", fileName: "t.csv", fileDescription: "",
                             rows: [["Pays", "Montant"], ["Côte-d’Or; nord", "24 188,7"]]).csv
        #expect(Array(data) == [0xEF, 0xBB, 0xBF] + Array("Pays;Montant\r\n\"Côte-d’Or; nord\";24 188,7\r\n".utf8))
    }
}
