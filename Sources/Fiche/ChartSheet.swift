import Canvas
import Charts
import Foundation
import ProjectFiles
import PDFFinishing
import TradeData

/// One Sankey of the chart sheet.
package struct SheetSankey: Sendable {
    /// Stable identifier, e.g. "exports-departement" (used in the layout dump).
    var name: String
    /// Exports or imports: the colour of the flows.
    var flow: TradeFlow
    /// The chart title.
    var title: String
    /// Headings of the two columns ("Produits", "Pays de destination").
    var leftHeading: String
    var rightHeading: String
    /// The line under the chart ("Total des exportations : …").
    var totalLine: String
    /// A smaller line under it (shares of the region and of France), if any.
    var detailLine: String?
    package var input: SankeyInput

    package init(name: String, flow: TradeFlow, title: String, leftHeading: String, rightHeading: String,
                 totalLine: String, detailLine: String? = nil, input: SankeyInput) {
        self.name = name; self.flow = flow; self.title = title; self.leftHeading = leftHeading; self.rightHeading = rightHeading
        self.totalLine = totalLine; self.detailLine = detailLine; self.input = input
    }
}

/// What the chart sheet shows for one département: plain chart series and the words around them.
package struct ChartSheetInput: Sendable {
    /// "Val-d'Oise (95)".
    var territory: String
    var year: Int
    /// When true, every page says the data is synthetic.
    var isDemo: Bool
    /// The source line of the footer.
    var source: String
    package var partners: BalanceBarsInput
    package var activities: TreemapInput
    /// Six Sankeys, in order: exports of the département, region, France; imports likewise.
    package var sankeys: [SheetSankey]

    package init(territory: String, year: Int, isDemo: Bool, source: String, partners: BalanceBarsInput,
                activities: TreemapInput, sankeys: [SheetSankey]) {
        self.territory = territory; self.year = year; self.isDemo = isDemo; self.source = source
        self.partners = partners; self.activities = activities; self.sankeys = sankeys
    }
}

/// Draws the eight charts of one département on A4 pages — a sheet to look at, and the layouts'
/// JSON dump. The fiche itself composes its own pages with the same `ChartBlock` and `PageFurniture`.
package struct ChartSheet {
    /// Page margin: 18 mm.
    package static let margin = mm(18)
    /// The chapters of the sheet, one a page: the bars and treemap, then the Sankeys.
    static let headings = ["Balance commerciale territoriale", "Exportations", "Exportations : la région et la France",
                           "Importations", "Importations : la région et la France"]

    let measurer: PangoTextMeasurer
    let theme = ChartTheme()

    /// A sheet drawing with `measurer`'s engine and fonts.
    package init(measurer: PangoTextMeasurer) { self.measurer = measurer }

    /// Writes the sheet to `path` (its streams compressed once drawn, see `PDFDocument`);
    /// returns the geometry of every chart, with its page.
    @discardableResult
    package func render(_ input: ChartSheetInput, to path: String) throws -> [ChartDump] {
        let doc = try PDFDocument(text: measurer.engine, metadata: PDFMetadata(
            title: "Graphiques du commerce extérieur – \(input.territory) (\(input.year))",
            author: "Territoires d’industrie (ANCT, DGE)",
            subject: "Feuille de contrôle des graphiques",
            keywords: "commerce extérieur, Sankey, treemap",
            creator: "fiche charts",
            creationDate: "\(input.year + 1)-01-01T00:00:00Z"))
        let pages = ChartSheetPages(input: input, measurer: measurer, theme: theme)
        var dumps: [ChartDump] = []
        try doc.page(label: "1") { ctx in dumps += pages.drawBarsAndTreemap(ctx) }
        for (i, group) in pages.sankeyGroups.enumerated() {
            let number = i + 2
            try doc.page(label: "\(number)") { ctx in dumps += pages.drawSankeys(group, ctx, number: number) }
        }
        doc.addOutline(Self.headings[0], page: 1)
        for (i, h) in Self.headings.dropFirst().enumerated() where i + 2 <= doc.pageCount { doc.addOutline(h, page: i + 2) }
        let drawn = try doc.finish()
        try AtomicFile.writeNewFile(PDFFinisher.compressStreams(drawn), to: URL(fileURLWithPath: path))
        return dumps
    }
}

/// The pages of one chart sheet: furniture, headings, charts and the boxes under them.
struct ChartSheetPages {
    let input: ChartSheetInput
    let measurer: PangoTextMeasurer
    let theme: ChartTheme
    let fonts: ChartSheet.Fonts
    let furniture: PageFurniture
    let left = ChartSheet.margin, width = CanvasSize.a4.width - 2 * ChartSheet.margin
    /// The sheet has its chart page and four Sankey pages.
    let pageCount = 1 + 4

    init(input: ChartSheetInput, measurer: PangoTextMeasurer, theme: ChartTheme) {
        self.input = input
        self.measurer = measurer
        self.theme = theme
        let fonts = ChartSheet.Fonts(measurer: measurer, theme: theme)
        self.fonts = fonts
        furniture = ChartSheet.furniture(input, fonts: fonts, theme: theme)
    }

    /// The Sankeys by page: the département's, then the region's and France's, for each flow.
    var sankeyGroups: [[SheetSankey]] {
        let s = input.sankeys
        return s.count == 6 ? [[s[0]], [s[1], s[2]], [s[3]], [s[4], s[5]]] : s.map { [$0] }
    }

    func block(_ ctx: GraphicsContext) -> ChartBlock { ChartBlock(context: ctx, measurer: measurer, theme: theme) }

    /// Page 1: the partner bars and the activity treemap, each with its reading key.
    func drawBarsAndTreemap(_ ctx: GraphicsContext) -> [ChartDump] {
        let page = CanvasSize.a4
        var y = decorate(ctx, 1, heading: ChartSheet.headings[0])
        y = chartTitle(ctx, "Principaux pays partenaires à l’import et à l’export, \(input.territory) (\(input.year))", y: y)
        let barsFrame = ChartRect(x: left, y: y, width: width, height: 235)
        let bars = block(ctx).drawPartners(input.partners, in: barsFrame)
        y = caption(ctx, "Clé de lecture : les importations sont tracées à gauche de l’axe, les exportations à droite, à la même échelle ; le solde (exportations − importations) est en vert quand il est positif, en rouge quand il est négatif. Montants en millions d’euros.", y: barsFrame.maxY + 6) + 16
        y = chartTitle(ctx, "Principales activités à l’import et à l’export, \(input.territory) (\(input.year))", y: y)
        let treeFrame = ChartRect(x: left, y: y, width: width, height: page.height - ChartSheet.margin - 60 - y)
        let tree = block(ctx).drawActivities(input.activities, in: treeFrame)
        _ = caption(ctx, "Clé de lecture : l’aire de chaque rectangle est proportionnelle à la valeur ; importations en bleu, exportations en violet ; les activités les plus petites sont regroupées dans « Autres ».", y: treeFrame.maxY + 6)
        return [ChartDump(bars, name: "partners", page: 1), ChartDump(tree, name: "activities", page: 1)]
    }

    /// A page of one or two Sankeys sharing its height.
    func drawSankeys(_ group: [SheetSankey], _ ctx: GraphicsContext, number: Int) -> [ChartDump] {
        let headings = ChartSheet.headings
        var y = decorate(ctx, number, heading: number - 1 < headings.count ? headings[number - 1] : "Flux")
        let bottom = CanvasSize.a4.height - ChartSheet.margin - 14
        // Per chart: title (~14) + column headings + frame + total box (~26) + spacing.
        let overhead = 14.0 + ChartBlock.sankeyHeadingHeight + 8 + 36 + 14 + 6
        let frameHeight = (bottom - y) / Double(group.count) - overhead
        var dumps: [ChartDump] = []
        for s in group {
            let drawn = drawSankey(ctx, s, top: y, height: frameHeight, pageNumber: number)
            y = drawn.bottom
            dumps.append(drawn.dump)
        }
        return dumps
    }

    /// Band, heading and footer; returns the top of the content.
    func decorate(_ ctx: GraphicsContext, _ number: Int, heading: String) -> Double {
        furniture.drawBand(ctx)
        ctx.tagged(.h1) { _ = ctx.draw(heading, style: fonts.h1, at: CanvasPoint(left, ChartSheet.margin + 4)) }
        furniture.drawFooter(ctx, number: number, of: pageCount)
        return ChartSheet.margin + 4 + ctx.measure(heading, style: fonts.h1).size.height + 10
    }

    func chartTitle(_ ctx: GraphicsContext, _ text: String, y: Double) -> Double {
        let m = ctx.tagged(.h2) { ctx.draw(text, style: fonts.h2, at: CanvasPoint(left, y), width: width) }
        return y + m.size.height + 6
    }

    /// A tinted box under a chart (bold with a blue edge for a total); returns its bottom.
    func caption(_ ctx: GraphicsContext, _ text: String, y: Double, bold: Bool = false, detail: String? = nil) -> Double {
        let style = bold ? fonts.total : fonts.caption
        let m = ctx.measure(text, style: style, width: width - 16)
        let d = detail.map { ctx.measure($0, style: fonts.detail, width: width - 16) }
        let box = CanvasRect(x: left, y: y, width: width, height: m.size.height + (d.map { $0.size.height + 2 } ?? 0) + 10)
        ctx.fill(box, Color(hex: 0xE3E3FD))
        if bold { ctx.fill(CanvasRect(x: left, y: y, width: 3, height: box.height), theme.blueFrance) }
        ctx.tagged(.paragraph) { _ = ctx.draw(text, style: style, at: CanvasPoint(left + 8, y + 5), width: width - 16) }
        if let detail {
            ctx.tagged(.paragraph) {
                _ = ctx.draw(detail, style: fonts.detail, at: CanvasPoint(left + 8, y + 5 + m.size.height + 2), width: width - 16)
            }
        }
        return box.maxY
    }

    /// Title, column headings, diagram and total of one Sankey from `top`; returns where the next starts.
    func drawSankey(_ ctx: GraphicsContext, _ s: SheetSankey, top: Double, height: Double, pageNumber: Int)
        -> (bottom: Double, dump: ChartDump) {
        var y = chartTitle(ctx, s.title, y: top)
        let headingHeight = ctx.measure(s.leftHeading, style: fonts.heading).size.height
        block(ctx).drawColumnHeadings(s.leftHeading, s.rightHeading, style: fonts.heading, x: left, y: y, width: width)
        y += headingHeight + 4
        let frame = ChartRect(x: left, y: y, width: width, height: height)
        let layout = block(ctx).drawSankey(s.input, flow: s.flow, in: frame,
                                           noFlow: ChartBlock.NoFlowNote(style: fonts.caption))
        let bottom = caption(ctx, s.totalLine, y: frame.maxY + 8, bold: true, detail: s.detailLine) + 14
        return (bottom, ChartDump(layout, name: s.name, page: pageNumber))
    }
}

extension ChartSheet {
    /// The sheet's band (page-wide, at the top edge) and footer, in its own smaller type.
    static func furniture(_ input: ChartSheetInput, fonts: Fonts, theme: ChartTheme) -> PageFurniture {
        let page = CanvasSize.a4
        let look = PageFurniture.Look(
            page: page, margin: margin, band: CanvasRect(x: 0, y: 0, width: page.width, height: 16),
            bandColor: theme.blueFrance, bandTextY: 4, bandStyle: fonts.band, bandDemo: .text(fonts.band),
            footerY: page.height - margin + 6, footerRuleGap: 4, footerRuleColor: Color(hex: 0xCCCCCC),
            sourceStyle: fonts.footer.with(ellipsis: .end, maxLines: 1), sourceReserve: 40, sourceReservesNumber: false,
            numberStyle: fonts.footer, footerDemoStyle: nil, cover: nil)
        return PageFurniture(
            look: look, bandText: "Territoires d’industrie · Commerce extérieur · \(input.territory)",
            source: input.source + (input.isDemo ? " — " + PageFurniture.demoMark : ""), isDemo: input.isDemo)
    }

    /// The text styles of the sheet.
    struct Fonts {
        let h1, h2, band, footer, caption, total, detail, heading: TextStyle
        init(measurer: PangoTextMeasurer, theme: ChartTheme) {
            h1 = measurer.style(ChartFont(size: 16, weight: .bold)).colored(theme.blueFrance)
            h2 = measurer.style(ChartFont(size: 9.5, weight: .bold)).colored(theme.text)
            band = measurer.style(ChartFont(size: 6.5, weight: .semibold)).colored(.white)
            footer = measurer.style(ChartFont(size: 6.5)).colored(theme.muted)
            caption = measurer.style(ChartFont(size: 7.5, italic: true)).colored(theme.muted)
            total = measurer.style(ChartFont(size: 9.5, weight: .bold)).colored(theme.blueFrance)
            detail = measurer.style(ChartFont(size: 7.5)).colored(theme.text)
            heading = measurer.style(ChartFont(size: 7, weight: .semibold)).colored(theme.muted)
        }
    }
}

extension TextStyle {
    func with(ellipsis: Ellipsis, maxLines: Int?) -> TextStyle {
        var s = self
        s.ellipsis = ellipsis
        s.maxLines = maxLines
        return s
    }
}
