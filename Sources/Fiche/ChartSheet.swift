import Canvas
import Charts
import Foundation
import ProjectFiles
import PDFFinishing

/// One Sankey of the chart sheet.
package struct SheetSankey: Sendable {
    /// Stable identifier, e.g. "exports-departement" (used in the layout dump).
    package var name: String
    /// The chart title.
    package var title: String
    /// Headings of the two columns ("Produits", "Pays de destination").
    package var leftHeading: String
    package var rightHeading: String
    /// The line under the chart ("Total des exportations : …").
    package var totalLine: String
    /// A smaller line under it (shares of the region and of France), if any.
    package var detailLine: String?
    package var input: SankeyInput

    package init(name: String, title: String, leftHeading: String, rightHeading: String, totalLine: String,
                detailLine: String? = nil, input: SankeyInput) {
        self.name = name; self.title = title; self.leftHeading = leftHeading; self.rightHeading = rightHeading
        self.totalLine = totalLine; self.detailLine = detailLine; self.input = input
    }
}

/// What the chart sheet shows for one département: plain chart series and the words around them.
package struct ChartSheetInput: Sendable {
    /// "Val-d'Oise (95)".
    package var territory: String
    package var year: Int
    /// When true, every page says the data is synthetic.
    package var isDemo: Bool
    /// The source line of the footer.
    package var source: String
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
/// JSON dump. The fiche itself composes its own pages with the same `ChartPainter`.
package struct ChartSheet {
    /// Page margin: 18 mm.
    package static let margin = mm(18)

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
        var dumps: [ChartDump] = []
        let page = CanvasSize.a4
        let left = Self.margin, width = page.width - 2 * Self.margin
        let fonts = Fonts(measurer: measurer, theme: theme)
        let pageCount = 1 + 4

        func decorate(_ ctx: GraphicsContext, _ number: Int, heading: String) -> Double {
            // Header band, heading, footer.
            ctx.fill(CanvasRect(x: 0, y: 0, width: page.width, height: 16), theme.blueFrance)
            ctx.draw("Territoires d’industrie · Commerce extérieur · \(input.territory)", style: fonts.band,
                     at: CanvasPoint(left, 4))
            if input.isDemo {
                let demo = "Données synthétiques de démonstration"
                let w = ctx.measure(demo, style: fonts.band).size.width
                ctx.draw(demo, style: fonts.band, at: CanvasPoint(page.width - Self.margin - w, 4))
            }
            ctx.tagged(.h1) { _ = ctx.draw(heading, style: fonts.h1, at: CanvasPoint(left, Self.margin + 4)) }
            let footerY = page.height - Self.margin + 6
            ctx.strokeLine(from: CanvasPoint(left, footerY - 4), to: CanvasPoint(left + width, footerY - 4), Color(hex: 0xCCCCCC),
                           style: StrokeStyle(width: 0.5))
            let source = input.source + (input.isDemo ? " — Données synthétiques de démonstration" : "")
            ctx.draw(source, style: fonts.footer.with(ellipsis: .end, maxLines: 1), at: CanvasPoint(left, footerY), width: width - 40)
            let n = "\(number) / \(pageCount)"
            let w = ctx.measure(n, style: fonts.footer).size.width
            ctx.draw(n, style: fonts.footer, at: CanvasPoint(left + width - w, footerY))
            return Self.margin + 4 + ctx.measure(heading, style: fonts.h1).size.height + 10
        }

        func chartTitle(_ ctx: GraphicsContext, _ text: String, y: Double) -> Double {
            let m = ctx.tagged(.h2) { ctx.draw(text, style: fonts.h2, at: CanvasPoint(left, y), width: width) }
            return y + m.size.height + 6
        }

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

        func sankey(_ ctx: GraphicsContext, _ s: SheetSankey, top: Double, height: Double, pageNumber: Int) -> Double {
            var y = chartTitle(ctx, s.title, y: top)
            let hl = ctx.measure(s.leftHeading, style: fonts.heading)
            ctx.draw(s.leftHeading, style: fonts.heading, at: CanvasPoint(left, y))
            let wr = ctx.measure(s.rightHeading, style: fonts.heading).size.width
            ctx.draw(s.rightHeading, style: fonts.heading, at: CanvasPoint(left + width - wr, y))
            y += hl.size.height + 4
            let frame = ChartRect(x: left, y: y, width: width, height: height)
            let layout = SankeyLayoutEngine(measurer: measurer).layout(s.input, in: frame)
            if layout.nodes.isEmpty {
                // No flow at all (e.g. a territory without imports): say so rather than leave a blank.
                let message = "Aucun flux à représenter"
                let m = ctx.measure(message, style: fonts.caption)
                ctx.draw(message, style: fonts.caption,
                         at: CanvasPoint(frame.midX - m.size.width / 2, frame.midY - m.size.height / 2))
            } else {
                ctx.tagged(.figure) {
                    ChartPainter(context: ctx, measurer: measurer, theme: theme)
                        .paint(layout, flow: s.name.hasPrefix("exports") ? .exports : .imports)
                }
            }
            dumps.append(ChartDump(layout, name: s.name, page: pageNumber))
            return caption(ctx, s.totalLine, y: frame.maxY + 8, bold: true, detail: s.detailLine) + 14
        }

        // Page 1: partners and activities.
        try doc.page(label: "1") { ctx in
            var y = decorate(ctx, 1, heading: "Balance commerciale territoriale")
            y = chartTitle(ctx, "Principaux pays partenaires à l’import et à l’export, \(input.territory) (\(input.year))", y: y)
            let barsFrame = ChartRect(x: left, y: y, width: width, height: 235)
            let bars = BalanceBarsLayoutEngine(measurer: measurer).layout(input.partners, in: barsFrame)
            ctx.tagged(.figure) { ChartPainter(context: ctx, measurer: measurer, theme: theme).paint(bars) }
            dumps.append(ChartDump(bars, name: "partners", page: 1))
            y = caption(ctx, "Clé de lecture : les importations sont tracées à gauche de l’axe, les exportations à droite, à la même échelle ; le solde (exportations − importations) est en vert quand il est positif, en rouge quand il est négatif. Montants en millions d’euros.", y: barsFrame.maxY + 6) + 16
            y = chartTitle(ctx, "Principales activités à l’import et à l’export, \(input.territory) (\(input.year))", y: y)
            let treeFrame = ChartRect(x: left, y: y, width: width, height: page.height - Self.margin - 60 - y)
            let tree = TreemapLayoutEngine(measurer: measurer).layout(input.activities, in: treeFrame)
            ctx.tagged(.figure) { ChartPainter(context: ctx, measurer: measurer, theme: theme).paint(tree) }
            dumps.append(ChartDump(tree, name: "activities", page: 1))
            _ = caption(ctx, "Clé de lecture : l’aire de chaque rectangle est proportionnelle à la valeur ; importations en bleu, exportations en violet ; les activités les plus petites sont regroupées dans « Autres ».", y: treeFrame.maxY + 6)
        }
        // Pages 2–5: a Sankey for the département, then region and France, for each flow.
        let headings = ["Exportations", "Exportations : la région et la France", "Importations", "Importations : la région et la France"]
        let groups: [[SheetSankey]] = input.sankeys.count == 6
            ? [[input.sankeys[0]], [input.sankeys[1], input.sankeys[2]], [input.sankeys[3]], [input.sankeys[4], input.sankeys[5]]]
            : input.sankeys.map { [$0] }
        for (i, group) in groups.enumerated() {
            let number = i + 2
            try doc.page(label: "\(number)") { ctx in
                var y = decorate(ctx, number, heading: i < headings.count ? headings[i] : "Flux")
                let bottom = page.height - Self.margin - 14
                // Per chart: title (~14) + headings (~12) + frame + total box (~26) + spacing.
                let overhead = 14.0 + 12 + 8 + 36 + 14 + 6
                let frameHeight = (bottom - y) / Double(group.count) - overhead
                for s in group {
                    y = sankey(ctx, s, top: y, height: frameHeight, pageNumber: number)
                }
            }
        }
        doc.addOutline("Balance commerciale territoriale", page: 1)
        for (i, h) in headings.enumerated() where i + 2 <= doc.pageCount { doc.addOutline(h, page: i + 2) }
        let drawn = try doc.finish()
        try AtomicFile.writeNewFile(PDFFinisher.compressStreams(drawn), to: URL(fileURLWithPath: path))
        return dumps
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
