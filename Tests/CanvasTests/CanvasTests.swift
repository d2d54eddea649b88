import CCairo
import Foundation
@testable import TestScratch
import Testing
@testable import Canvas

/// The project's bundled font folder.
/// The project's bundled fonts (Tests/CanvasTests/ → ../../fonts).
let fontDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fonts").path

func temporaryPath(_ name: String) -> String {
    Scratch.file(name).path
}

/// Runs a command-line tool and returns its standard output.
func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite struct FontTests {
    @Test func bundledFolderHoldsInterInEveryStyleTheFicheUses() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        #expect(fonts.families == ["Inter"])
        for weight in FontWeight.allCases {
            for italic in [false, true] {
                _ = try fonts.font(family: "Inter", weight: weight, italic: italic)
            }
        }
    }

    @Test func askingForAFamilyNotInTheFolderIsAnError() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        #expect(throws: CanvasError.self) { try fonts.font(family: "DejaVu Sans") }
        #expect(throws: CanvasError.self) { try fonts.font(family: "Helvetica", weight: .bold) }
    }

    @Test func missingOrEmptyFontFolderIsAnError() throws {
        #expect(throws: CanvasError.self) { try FontLibrary(directory: "/nonexistent/fonts") }
        let empty = temporaryPath("empty-fonts")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(throws: CanvasError.self) { try FontLibrary(directory: empty) }
    }
}

@Suite struct TextMeasureTests {
    let engine: TextEngine
    let regular: Font
    init() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        engine = TextEngine(fonts: fonts)
        regular = try fonts.font(family: "Inter")
    }

    @Test func widthGrowsWithTextAndSize() {
        let style = TextStyle(font: regular, size: 10)
        let short = engine.measure("Chine", style: style)
        let long = engine.measure("Chine et Hong Kong", style: style)
        let big = engine.measure("Chine", style: style.sized(20))
        #expect(short.size.width > 10)
        #expect(long.size.width > short.size.width)
        #expect(abs(big.size.width - 2 * short.size.width) < 0.01 * big.size.width)
        #expect(short.size.height > 10 && short.size.height < 15)
        #expect(short.lineCount == 1)
    }

    @Test func markupCharactersAreMeasuredAsPlainText() {
        let style = TextStyle(font: regular, size: 10)
        let m = engine.measure("Bâtiment & <travaux>", style: style)
        #expect(m.size.width > engine.measure("Bâtiment  travaux", style: style).size.width)
    }

    @Test func wrappingAndEllipsisRespectTheWidth() {
        let text = "Produits chimiques de base, produits azotés, matières plastiques"
        let wrapped = engine.measure(text, style: TextStyle(font: regular, size: 10), width: 100)
        #expect(wrapped.lineCount > 1)
        #expect(wrapped.size.width <= 100)
        let oneLine = engine.measure(text, style: TextStyle(font: regular, size: 10, ellipsis: .end, maxLines: 1), width: 100)
        #expect(oneLine.lineCount == 1)
        #expect(oneLine.isEllipsized)
        #expect(oneLine.size.width <= 100)
    }

    @Test func markupEscapeMakesSpecialCharactersLiteral() {
        #expect(Markup.escape("R&D <Val-d'Oise>") == "R&amp;D &lt;Val-d&#39;Oise&gt;")
    }
}

@Suite struct PDFTests {
    func makeDocument(_ path: String) throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let regular = try fonts.font(family: "Inter")
        let bold = try fonts.font(family: "Inter", weight: .bold)
        let doc = try PDFDocument(text: engine, metadata: PDFMetadata(
            title: "Essai", author: "ANCT", subject: "Commerce extérieur", keywords: "test",
            creator: "fiche", creationDate: "2025-03-31T00:00:00Z"))
        try doc.page(label: "1") { ctx in
            ctx.tagged(.h1) {
                ctx.draw("Titre en gras", style: TextStyle(font: bold, size: 20, color: Color(hex: 0x000091)),
                         at: CanvasPoint(50, 50))
            }
            ctx.tagged(.paragraph) {
                ctx.draw("Bâtiment & <travaux> : 1\u{202F}234,5\u{00A0}M€ « ok » – — … ’", style: TextStyle(font: regular, size: 10),
                         at: CanvasPoint(50, 100), width: 400)
            }
            ctx.link(uri: "mailto:territoires-industrie@anct.gouv.fr") {
                ctx.draw("territoires-industrie@anct.gouv.fr", style: TextStyle(font: regular, size: 10),
                         at: CanvasPoint(50, 130))
            }
            ctx.newPath()
            ctx.rectangle(CanvasRect(x: 50, y: 200, width: 100, height: 50))
            ctx.fill(LinearGradient(start: CanvasPoint(50, 0), end: CanvasPoint(150, 0),
                                    stops: [.init(0, Color(hex: 0x6A6AF4)), .init(1, Color(hex: 0xA558A0))]))
            ctx.withGroup(alpha: 0.5) { ctx.fill(CanvasRect(x: 80, y: 220, width: 100, height: 50), Color(hex: 0xE1000F)) }
        }
        try doc.page(label: "2") { ctx in
            ctx.draw("Deuxième page", style: TextStyle(font: regular, size: 12), at: CanvasPoint(50, 50))
        }
        let top = doc.addOutline("Première", page: 1)
        doc.addOutline("Sous-partie", page: 2, y: 40, parent: top)
        try Data(try doc.finish()).write(to: URL(fileURLWithPath: path))
    }

    @Test func documentEmbedsOnlyInterSubsetsAndPrintsSpecialCharactersAsWritten() throws {
        let path = temporaryPath("doc.pdf")
        try makeDocument(path)
        let fonts = try run("pdffonts", [path])
        let rows = fonts.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row.contains("Inter"))
            #expect(row.contains("+"))  // subset prefix ABCDEF+Inter…
        }
        let text = try run("pdftotext", ["-layout", path, "-"])
        #expect(text.contains("Bâtiment & <travaux>"))
        #expect(text.contains("234,5 M€"))  // pdftotext prints U+202F as a space
        #expect(text.contains("Deuxième page"))
    }

    @Test func documentCarriesMetadataPagesOutlineAndLink() throws {
        let path = temporaryPath("meta.pdf")
        try makeDocument(path)
        let info = try run("pdfinfo", [path])
        #expect(info.contains("Title:") && info.contains("Essai"))
        #expect(info.contains("Pages:           2"))
        let qpdf = try run("qpdf", ["--check", path])
        #expect(qpdf.contains("No syntax or stream encoding errors"))
        let raw = try run("qpdf", ["--qdf", "--object-streams=disable", path, "-"])
        #expect(raw.contains("mailto:territoires-industrie@anct.gouv.fr"))
        #expect(raw.contains("/Outlines"))
        #expect(raw.contains("/PageLabels"))
        // cairo 1.16 writes the structure tree (but no /MarkInfo; post-processing adds it).
        #expect(raw.contains("/StructTreeRoot"))
        #expect(raw.contains("/S /H1"))
        #expect(raw.contains("/S /P"))
    }

    @Test func identicalInputGivesByteIdenticalPDF() throws {
        let a = temporaryPath("a.pdf"), b = temporaryPath("b.pdf")
        try makeDocument(a)
        try makeDocument(b)
        #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))
    }

}

@Suite struct RasterTests {
    @Test func textIsDrawnWhereItWasMeasured() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let image = try RasterImage(width: 200, height: 40, text: engine)
        let style = TextStyle(font: try fonts.font(family: "Inter", weight: .bold), size: 20)
        let m = image.context.draw("HHHH", style: style, at: CanvasPoint(10, 5))
        #expect(image.alpha(x: 12, y: 5 + Int(m.baseline) - 3) > 0)
        #expect(image.alpha(x: Int(10 + m.size.width) + 3, y: 5 + Int(m.baseline) - 3) == 0)
    }
}

@Suite struct LineCacheTests {
    @Test func singleLineMetricsScaleWithSizeAndMatchAFullLayout() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let font = try fonts.font(family: "Inter", weight: .semibold)
        let text = "Équipements aérospatiaux 1\u{202F}234,5\u{00A0}M€"
        let line = engine.measureLine(text, font: font, size: 7.5)
        let full = engine.layout(text, style: TextStyle(font: font, size: 7.5)).metrics
        #expect(abs(line.size.width - full.size.width) < 0.02)
        #expect(abs(line.size.height - full.size.height) < 0.02)
        let double = engine.measureLine(text, font: font, size: 15)
        #expect(abs(double.size.width - 2 * line.size.width) < 1e-9)
    }

    @Test func prefixWidthsGrowToTheFullWidth() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let font = try fonts.font(family: "Inter")
        let text = "Côte-d’Or"
        let prefixes = engine.prefixWidths(text, font: font, size: 10)
        #expect(prefixes.count == text.count + 1)
        #expect(prefixes.first == 0)
        #expect(zip(prefixes, prefixes.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(prefixes.last! - engine.measureLine(text, font: font, size: 10).size.width) < 1e-9)
    }
}

@Suite struct ParagraphSplitTests {
    @Test func drawingALineRangePutsItsFirstLineAtTheOrigin() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let style = TextStyle(font: try fonts.font(family: "Inter", weight: .bold), size: 20, alignment: .justify, lineSpacing: 1.2)
        let layout = engine.layout("HHHH HHHH HHHH HHHH HHHH HHHH", style: style, width: 120)
        let lines = layout.lines
        #expect(lines.count >= 3)
        #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.top < $1.top })
        let image = try RasterImage(width: 200, height: 200, text: engine)
        image.context.draw(layout, at: CanvasPoint(10, 100), lines: 1..<2)
        // The second line is drawn from y = 100 down; nothing above it, nothing of a third line below.
        let glyphRow = 100 + Int(lines[1].baseline - lines[1].top) - 4
        #expect((10..<150).contains { image.alpha(x: $0, y: glyphRow) > 0 })
        #expect(!(0..<200).contains { x in (0..<95).contains { image.alpha(x: x, y: $0) > 0 } })
        #expect(!(0..<200).contains { x in (130..<200).contains { image.alpha(x: x, y: $0) > 0 } })
    }
}

@Suite struct SoftHyphenTests {
    /// A justified paragraph full of soft hyphens, ending with a link, and its layout.
    func hyphenatedParagraph(link: Bool = true) throws -> (engine: TextEngine, layout: ParagraphLayout) {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let style = TextStyle(font: try fonts.font(family: "Inter"), size: 10, alignment: .justify)
        let shy = "\u{00AD}"
        let words = ["ter\(shy)ri\(shy)toire", "in\(shy)dus\(shy)trie", "com\(shy)merce", "ex\(shy)té\(shy)rieur"]
        var text = RichText()
        text.append(Array(repeating: words, count: 6).flatMap { $0 }.joined(separator: " ") + " ")
        if link { text.append("lien", underline: true, link: "https://anct.gouv.fr") }
        return (engine, ParagraphLayout(engine: engine, text: text, style: style, width: 130))
    }

    @Test func onlyTheSoftHyphensWhereALineBreaksReachThePDF() throws {
        let (engine, layout) = try hyphenatedParagraph()
        #expect(layout.lines.count >= 4)
        let hyphenatedBreaks = layout.lines.filter { line in
            Array(layout.text.text.utf8)[line.range].suffix(2) == [0xC2, 0xAD]
        }.count
        #expect(hyphenatedBreaks > 0, "the paragraph breaks at a soft hyphen")
        #expect(layout.linesWithUnusedSoftHyphens.contains(true))
        let path = temporaryPath("soft-hyphens.pdf")
        let doc = try PDFDocument(text: engine)
        try doc.page(label: "1") { ctx in ctx.tagged(.paragraph) { ctx.draw(layout, at: CanvasPoint(50, 50)) } }
        try Data(try doc.finish()).write(to: URL(fileURLWithPath: path))
        let raw = try run("qpdf", ["--qdf", "--object-streams=disable", path, "-"])
        // cairo writes a cluster without glyphs (an unused soft hyphen) as an ActualText span.
        let spans = raw.components(separatedBy: "/ActualText <feff00ad>").count - 1
        #expect(spans <= hyphenatedBreaks, "\(spans) soft-hyphen spans for \(hyphenatedBreaks) hyphenated breaks")
        let shown = try run("pdftotext", [path, "-"])
        #expect(shown.contains("lien"))
        #expect(shown.contains("commerce") || shown.contains("com-"), "\(shown)")
    }

    @Test func aRunHoldingOnlyASoftHyphenIsLeftOutWhole() throws {
        // A style change right at a soft hyphen makes it a run of its own.
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        var text = RichText()
        text.append("Les ex")
        text.append("\u{00AD}", weight: .bold)
        text.append("portations du territoire, et les im\u{00AD}portations.")
        let layout = ParagraphLayout(engine: engine, text: text, style: TextStyle(font: try fonts.font(family: "Inter"), size: 10), width: 400)
        #expect(layout.lines.count == 1)
        let path = temporaryPath("soft-hyphen-run.pdf")
        let doc = try PDFDocument(text: engine)
        try doc.page(label: "1") { ctx in ctx.tagged(.paragraph) { ctx.draw(layout, at: CanvasPoint(50, 50)) } }
        try Data(try doc.finish()).write(to: URL(fileURLWithPath: path))
        let shown = try run("pdftotext", [path, "-"])
        #expect(shown.contains("Les exportations du territoire, et les importations."), "\(shown)")
        let raw = try run("qpdf", ["--qdf", "--object-streams=disable", path, "-"])
        #expect(!raw.contains("/ActualText <feff00ad>"))
    }

    @Test func leavingOutUnusedSoftHyphensMovesNoGlyph() throws {
        // The paragraph as drawn here, and each line as Pango draws it whole (with its empty
        // glyphs for the unused soft hyphens): the same pixels.
        let (engine, layout) = try hyphenatedParagraph(link: false)
        let ours = try RasterImage(width: 260, height: 200, text: engine)
        ours.context.draw(layout, at: CanvasPoint(20, 20))
        let pango = try RasterImage(width: 260, height: 200, text: engine)
        for (i, line) in layout.lines.enumerated() {
            cairo_move_to(pango.context.cr, 20 + line.x, 20 + line.baseline)
            pango_cairo_show_layout_line(pango.context.cr, pango_layout_get_line_readonly(layout.layout, Int32(i)))
        }
        var inked = 0, differing = 0
        for y in 0..<200 {
            for x in 0..<260 {
                if ours.alpha(x: x, y: y) > 0 { inked += 1 }
                if ours.alpha(x: x, y: y) != pango.alpha(x: x, y: y) { differing += 1 }
            }
        }
        #expect(inked > 1000)
        #expect(differing == 0)
    }
}
