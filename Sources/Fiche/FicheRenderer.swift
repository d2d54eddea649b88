import Canvas
import Charts
import Foundation
import PDFFinishing
import ProjectFiles
import TradeData

/// Everything that changes the output besides the data.
package struct FicheOptions: Sendable {
    /// The font folder; nil = `ProjectFolder.fonts` (`$FICHE_FONT_DIR`, else `fonts/` beside the
    /// assets, else the project's `fonts/` found like the assets).
    var fontDirectory: URL?
    /// The `assets/` folder; nil = `ProjectFolder.assets()` (`$FICHE_ASSETS`, else the first
    /// `assets/` holding `fiche/` found walking up from the current directory, then from the
    /// executable's folder, then from the source tree).
    package var assetsDirectory: URL?

    package init(fontDirectory: URL? = nil, assetsDirectory: URL? = nil) {
        self.fontDirectory = fontDirectory
        self.assetsDirectory = assetsDirectory
    }
}

/// What a render produced.
package struct RenderedFiche: Sendable {
    /// Number of pages written.
    package let pageCount: Int
}

/// Where the time of the last render went (for `fiche-bench render`).
package struct RenderTimings: Sendable {
    /// Seconds laying out and painting the charts.
    package var charts: Double = 0
    /// Seconds filling the template, hyphenating and laying out paragraphs, and flowing pages.
    package var textLayout: Double = 0
    /// Seconds drawing text and shapes into cairo, which writes the PDF in memory.
    package var pdf: Double = 0
    /// Seconds making the PDF a PDF/UA-1 and PDF/A-3b document (`PDFFinisher`), the fiche's
    /// JSON and CSV files included.
    package var finishing: Double = 0
    /// Seconds writing the finished PDF to its file.
    package var writing: Double = 0
    /// Whole render.
    package var total: Double = 0
}

/// Renders département fiches: the eight-page print-ready PDF of FICHE.md.
///
/// Owns its fonts (a private fontconfig configuration and Pango font map), its Pango context,
/// its hyphenator and the parsed template, all loaded once in `init`. One per thread or task:
/// nothing in it is shared with other renderers.
package final class FicheRenderer {
    /// The `assets/` folder used.
    let assetsDirectory: URL
    /// The font folder used.
    let fontDirectory: URL
    let fonts: FontLibrary
    let hyphenator: Hyphenator
    let template: FicheTemplate
    /// The région fiche's pages (`assets/fiche-region/`).
    let regionTemplate: FicheTemplate
    /// Names and articles of départements and régions (INSEE, `assets/reference/insee`).
    let places: FrenchPlaceNames
    let family: String
    let theme = ChartTheme()
    /// Official logo files found in `assets/logos/` (PNG), drawn instead of the text sign-off.
    let logos: [String: URL]
    /// The files whose content changes the output (templates, fonts, logos, hyphenation patterns).
    package let inputFiles: [URL]
    /// The sRGB profile embedded as every fiche's PDF/A output intent.
    let iccProfile: Data
    /// The Pango context and measurement caches, reused from one fiche to the next (chart labels,
    /// country and activity names recur across départements).
    let measurer: PangoTextMeasurer
    /// Where the time of the last `render` went.
    package private(set) var lastTimings = RenderTimings()
    /// Whether `render` keeps the geometry of the charts in `lastChartDumps` (off by default:
    /// bulk runs do not need it).
    package var recordsChartLayouts = false
    /// The geometry of the charts of the last fiche rendered (labels, tiles, nodes) when
    /// `recordsChartLayouts` is set, for checks and `fiche render --layout-json`.
    package private(set) var lastChartDumps: [ChartDump] = []
    /// Paragraphs already laid out by this renderer, reused by the next fiches.
    let paragraphs = ParagraphCache()

    /// Loads fonts, template and hyphenation patterns once.
    package init(options: FicheOptions) throws {
        let assets = try options.assetsDirectory ?? ProjectFolder.assets()
        assetsDirectory = assets
        let fontDir = options.fontDirectory ?? ProjectFolder.fonts(besideAssets: assets)
        fontDirectory = fontDir
        let library = try FontLibrary(directory: fontDir.path)
        fonts = library
        // Marianne when the user points --font-dir at their own copy, else the bundled Inter.
        family = ["Marianne", "Inter"].first { library.hasFamily($0) } ?? library.families.first ?? "Inter"
        measurer = try PangoTextMeasurer(engine: TextEngine(fonts: library), family: family)
        hyphenator = try Hyphenator()
        let ficheDir = assets.appendingPathComponent("fiche")
        template = try FicheTemplate(directory: ficheDir)
        regionTemplate = try FicheTemplate(directory: assets.appendingPathComponent("fiche-region"))
        places = try FrenchPlaceNames(assets: assets)
        var found: [String: URL] = [:]
        for name in ["gouvernement", "anct"] {
            let url = assets.appendingPathComponent("logos/\(name).png")
            if FileManager.default.fileExists(atPath: url.path) { found[name] = url }
        }
        logos = found
        let iccURL = assets.appendingPathComponent("color/sRGB.icc")
        do {
            iccProfile = try Data(contentsOf: iccURL)
        } catch {
            throw FicheTemplateError.missingAsset(iccURL.path)
        }
        let fontFiles = ((try? FileManager.default.contentsOfDirectory(at: fontDir, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["otf", "ttf", "ttc", "woff", "woff2"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
        let inseeFiles = ["v_departement_2025.csv", "v_region_2025.csv"].map { assets.appendingPathComponent("reference/insee/\($0)") }
        inputFiles = template.pages.map(\.url) + regionTemplate.pages.map(\.url) + inseeFiles + fontFiles + found.keys.sorted().map { found[$0]! } + [hyphenator.patternsFile, iccURL]
    }

    /// The document title: "Les indicateurs clés : commerce extérieur – Val-d'Oise (2024)".
    static func title(_ report: DepartementReport) -> String {
        "Les indicateurs clés\u{00A0}: commerce extérieur – \(FrenchTypography.curlyApostrophes(report.departement.name)) (\(report.year))"
    }

    /// The PDF metadata of `report`'s fiche; the dates come from the data's year, never the clock.
    static func metadata(_ report: DepartementReport, places: FrenchPlaceNames) -> PDFMetadata {
        if let subject = report.regionSubject { return regionMetadata(report, subject: subject) }
        let d = FrenchTypography.curlyApostrophes(report.departement.name)
        // «du département du Nord», «… de l’Ain», «… des Hauts-de-Seine», «… de La Réunion».
        let withArticle = places.departement(report.departement).withDe
        let comparison = report.region.comparisonName
        let isCorse = report.departement.code == "20"
        let r = isCorse ? "Corse-du-Sud, Haute-Corse"
            : comparison.isOverseasGroup ? FrenchPlaceNames.overseasGroup.name : FrenchTypography.curlyApostrophes(report.region.name)
        return PDFMetadata(
            title: title(report),
            author: "Programme Territoires d’industrie – ANCT et DGE",
            // Corse is one customs territory covering two INSEE départements, compared with France only.
            subject: (isCorse
                ? "Commerce extérieur de la Corse (2A, 2B : Corse-du-Sud et Haute-Corse), année \(report.year) : "
                : "Commerce extérieur du département \(withArticle) (\(report.departement.readerCode)), \(comparison.title), année \(report.year) : ")
                + "partenaires, activités, flux produits et pays (données DGDDI)"
                + (report.isDemo ? " – données synthétiques de démonstration" : ""),
            keywords: "commerce extérieur, exportations, importations, Territoires d’industrie, \(d), \(r), \(report.year)",
            creator: "fiche \(report.isDemo ? "(démonstration) " : "")– Territoires d’industrie",
            creationDate: "\(report.year + 1)-01-01T00:00:00Z")
    }

    /// The PDF metadata of a région fiche.
    static func regionMetadata(_ report: DepartementReport, subject: RegionSubject) -> PDFMetadata {
        let r = FrenchTypography.curlyApostrophes(subject.name)
        return PDFMetadata(
            title: title(report),
            author: "Programme Territoires d’industrie – ANCT et DGE",
            subject: "Commerce extérieur de la région \(r) (\(subject.code)) et de ses départements, comparée à la France, "
                + "année \(report.year) : partenaires, activités, flux produits et pays (données DGDDI)"
                + (report.isDemo ? " – données synthétiques de démonstration" : ""),
            keywords: "commerce extérieur, exportations, importations, Territoires d’industrie, région \(r), \(report.year)",
            creator: "fiche \(report.isDemo ? "(démonstration) " : "")– Territoires d’industrie",
            creationDate: "\(report.year + 1)-01-01T00:00:00Z")
    }

    /// The name of the fiche's attached JSON: `fiche-974-chiffres.json`, `fiche-region-84-chiffres.json`.
    static func figuresFileName(_ report: DepartementReport) -> String {
        report.regionSubject.map { "fiche-region-\($0.code)-chiffres.json" }
            ?? "fiche-\(FrenchTerritories.fileCode(ofCustoms: report.departement.code))-chiffres.json"
    }

    /// The licence the colophon states, as the document's `dc:rights`.
    static let rights = "Données publiées sous Licence Ouverte / Etalab 2.0 ; cette fiche peut être reproduite en citant sa source."

    /// Makes the PDF cairo drew a PDF/UA-1 and PDF/A-3b document (see `PDFFinisher`): each
    /// chart gets its alternative text and its numbers as an attached CSV file, and the fiche
    /// its figures as JSON (what `fiche inspect --json` prints).
    func finishForArchiveAndAccessibility(_ pdf: [UInt8], report: DepartementReport, charts: [ChartData],
                                          linkPurposes: [String: String] = [:]) throws -> Data {
        var attachments = charts.enumerated().map { index, chart in
            PDFAttachment(name: chart.fileName, mimeType: "text/csv", description: chart.fileDescription, data: chart.csv, figure: index)
        }
        // The département's figures, as `inspect --json` prints them; the region's and France's
        // figures the fiche shows are its Sankey charts', in their CSV files.
        var json = try ReportJSON(report).encoded()
        json.append(0x0A)
        attachments.append(PDFAttachment(
            name: Self.figuresFileName(report), mimeType: "application/json",
            description: "Les chiffres de la fiche (montants en euros, parts et évolutions), pour un tableur ou un programme",
            data: json))
        let options = PDFFinishingOptions(iccProfile: iccProfile, figureAlternatives: charts.map(\.alternative),
                                          attachments: attachments, producer: "fiche \(ToolInfo.version)", rights: Self.rights,
                                          linkDescriptions: linkPurposes)
        return try PDFFinisher.finish(pdf, options: options)
    }

    /// Renders the fiche of `report.departement` to `url` (the caller handles temporary file and rename).
    package func render(_ report: DepartementReport, territories: IndustryTerritories?, to url: URL) throws -> RenderedFiche {
        let (pdf, rendered) = try renderPDF(report, territories: territories)
        var clock = Stopwatch()
        try AtomicFile.writeNewFile(pdf, to: url)
        lastTimings.writing = clock.lap()
        lastTimings.total += lastTimings.writing
        return rendered
    }

    /// Renders the fiche of `report.departement` in memory: the bytes `render(_:territories:to:)`
    /// writes (for `fiche serve`, which sends them without a file).
    package func renderPDF(_ report: DepartementReport, territories: IndustryTerritories?) throws -> (pdf: Data, fiche: RenderedFiche) {
        var clock = Stopwatch()
        // Renders run in parallel across renderers: the Pango state they share is guarded in
        // Canvas (`TextEngine.prepare`), so the bytes do not depend on what other threads draw.
        let drawn = try draw(report, territories: territories)
        var timings = drawn.timings
        clock.lap()
        let finished = try finishForArchiveAndAccessibility(drawn.pdf, report: report, charts: drawn.charts,
                                                            linkPurposes: drawn.linkPurposes)
        timings.finishing = clock.lap()
        timings.total += timings.finishing
        lastTimings = timings
        return (finished, RenderedFiche(pageCount: drawn.pageCount))
    }

    /// The fiche's pages, laid out. The contents box of page 2 gives pages as printed: the
    /// template is rendered with the pages each template page is expected to take (one each),
    /// and again with the real ones when a template page flowed onto more (a long list of
    /// Territoires d'industrie, say).
    func plan(_ report: DepartementReport, territories: IndustryTerritories?, styles: FicheStyles)
        throws -> (pages: [[TemplateBlock]], plans: [PagePlan]) {
        var values = FicheValues.make(report, territories: territories, places: places)
        let template = report.isRegionFiche ? regionTemplate : template
        let builder = FicheItemBuilder(renderer: self, styles: styles, departementRows: report.regionSubject?.departements.count ?? 10)
        let expected = FicheValues.pageNumbers(expected: template.pages.count, skipping: values["evolution_existe"] as? Bool == true ? [] : [2])
        values.merge(expected) { $1 }
        let pages = try template.render(values)
        let plans = builder.plan(pages)
        let printed = FicheValues.pageNumbers(printed: plans, templatePages: template.pages.count)
        guard !NSDictionary(dictionary: printed).isEqual(to: expected) else { return (pages, plans) }
        values.merge(printed) { $1 }
        let again = try template.render(values)
        return (again, builder.plan(again))
    }

    /// Lays out and draws the fiche with pango and cairo, in memory (unfinished: see
    /// `finishForArchiveAndAccessibility`).
    func draw(_ report: DepartementReport, territories: IndustryTerritories?)
        throws -> (pdf: [UInt8], pageCount: Int, charts: [ChartData], timings: RenderTimings, linkPurposes: [String: String]) {
        var clock = Stopwatch()
        let styles = try FicheStyles(fonts: fonts, family: family, theme: theme)
        let (pages, plans) = try plan(report, territories: territories, styles: styles)
        var timings = RenderTimings()
        timings.textLayout = clock.lap()
        let doc = try PDFDocument(text: measurer.engine, metadata: Self.metadata(report, places: places))
        var painter = FichePainter(
            report: report, measurer: measurer, styles: styles, theme: theme,
            furniture: FichePage.furniture(report, styles: styles, theme: theme),
            signOff: SignOff(styles: styles, theme: theme, logos: logos), recordsChartLayouts: recordsChartLayouts)
        painter.sankeyGrid = SankeyGrid(plans, report: report, measurer: measurer)
        let drawn = try painter.draw(plans, into: doc)
        FichePainter.addOutline(drawn.bookmarks, to: doc)
        let pdf = try doc.finish()
        timings.total = clock.elapsed
        timings.charts = drawn.chartSeconds
        timings.pdf = timings.total - timings.textLayout - timings.charts
        lastChartDumps = drawn.chartDumps
        return (pdf, doc.pageCount, drawn.chartData, timings, TemplateBlock.linkPurposes(pages))
    }
}

/// Paragraph layouts kept from one fiche to the next.
///
/// Most of the template's prose does not depend on the département (context, method, notes,
/// headings), yet shaping it with HarfBuzz was the largest single cost of a fiche. A
/// `ParagraphLayout` is immutable once built and draws the same glyphs every time, so the
/// layout of an identical source, style, width and hyphenation is shared. Not thread-safe: one
/// per renderer, like the Pango context the layouts belong to.
final class ParagraphCache {
    struct Key: Hashable {
        let source: String
        let style: TextStyle
        let width: Double
        let hyphenate: Bool
        /// Whether runts are avoided (titles keep their own breaks).
        var avoidsRunts = true
    }
    /// A layout, and whether a fiche after the one that made it used it again.
    private struct Entry {
        let layout: ParagraphLayout
        var reused = false
    }
    private var entries: [Key: Entry] = [:]
    /// Beyond this many paragraphs the cache keeps only the paragraphs used again (the
    /// template's own prose, a few hundred) and drops the rest: a fiche has about a hundred,
    /// the département-specific ones never repeat, and the bound keeps memory flat over long
    /// runs without shaping the template's prose again every twenty fiches.
    let capacity: Int
    /// Layouts made (cache misses), for the tests and the benchmarks.
    private(set) var made = 0

    init(capacity: Int = 2_000) { self.capacity = capacity }

    /// The cached layout for `key`, or the one `make` builds (then cached).
    func layout(_ key: Key, make: () -> ParagraphLayout) -> ParagraphLayout {
        if let hit = entries[key] {
            if !hit.reused { entries[key]?.reused = true }
            return hit.layout
        }
        let layout = make()
        made += 1
        if entries.count >= capacity {
            entries = entries.filter(\.value.reused)
            // Reused paragraphs alone past half the bound: a template of unusual size; start afresh.
            if entries.count >= capacity / 2 { entries.removeAll(keepingCapacity: true) }
        }
        entries[key] = Entry(layout: layout)
        return layout
    }
}

/// Elapsed time on the continuous clock (the one clock the renders are timed with).
package struct Stopwatch {
    let start = ContinuousClock.now
    var last = ContinuousClock.now
    package init() {}
    /// Seconds since the start.
    var elapsed: Double { Self.seconds(start.duration(to: .now)) }
    /// Seconds since the last lap (or the start).
    @discardableResult
    package mutating func lap() -> Double {
        let now = ContinuousClock.now
        defer { last = now }
        return Self.seconds(last.duration(to: now))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
