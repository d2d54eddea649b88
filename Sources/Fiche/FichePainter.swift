import Canvas
import Charts
import Foundation
import TradeData

/// An entry of the PDF's outline: a heading, the page and height it sits at.
struct Bookmark: Equatable {
    let title: String
    let page: Int
    let y: Double
    let level: Int
}

/// What drawing the fiche gave besides its pages.
struct DrawnFiche {
    /// Seconds spent laying out and painting charts.
    var chartSeconds = 0.0
    /// The geometry of every chart drawn, in page order (when the renderer records it).
    var chartDumps: [ChartDump] = []
    /// Each figure's alternative text and numbers, in drawing (and structure) order.
    var chartData: [ChartData] = []
    /// The outline's entries, in page order.
    var bookmarks: [Bookmark] = []

    /// Adds what `other` gave; the bookmarks only when `withBookmarks` (a box's inner headings
    /// stay out of the outline: its title is there).
    mutating func append(_ other: DrawnFiche, withBookmarks: Bool = true) {
        chartSeconds += other.chartSeconds
        chartDumps += other.chartDumps
        chartData += other.chartData
        if withBookmarks { bookmarks += other.bookmarks }
    }
}

/// Draws the planned pages of one fiche: the furniture, the items with their structure tags, the
/// charts; returns the charts' data and timing and the outline's entries.
struct FichePainter {
    let report: DepartementReport
    let measurer: PangoTextMeasurer
    let styles: FicheStyles
    let theme: ChartTheme
    let furniture: PageFurniture
    let signOff: SignOff
    /// Whether to keep each chart's geometry (`fiche render --layout-json`, tests).
    let recordsChartLayouts: Bool
    /// The node columns of the Sankeys, one grid a flow (none: each Sankey its own columns).
    var sankeyGrid: SankeyGrid?

    /// Draws `plans` as the pages of `doc`.
    func draw(_ plans: [PagePlan], into doc: PDFDocument) throws -> DrawnFiche {
        var drawn = DrawnFiche()
        let total = plans.count
        for (n, plan) in plans.enumerated() {
            let number = n + 1
            try doc.page(label: "\(number)") { ctx in
                if n == 0 { ctx.beginTag(.document) }
                if plan.isCover { furniture.drawCover(ctx) } else { furniture.drawBand(ctx) }
                for (item, frame) in plan.placed {
                    drawn.append(draw(item, y: frame.y, height: frame.height, lines: frame.lines, ctx,
                                      page: number, chartsBefore: drawn.chartData.count))
                }
                furniture.drawFooter(ctx, number: number, of: total)
                if n == total - 1 { ctx.endTag(.document) }
            }
        }
        return drawn
    }

    /// Adds `bookmarks` to `doc`'s outline: level-1 entries open, level-2 ones under the last.
    static func addOutline(_ bookmarks: [Bookmark], to doc: PDFDocument) {
        var parent = OutlineItem.root
        for b in bookmarks {
            if b.level == 1 {
                parent = doc.addOutline(b.title, page: b.page, y: b.y, open: true)
            } else {
                doc.addOutline(b.title, page: b.page, y: b.y, parent: parent, open: false)
            }
        }
    }

    /// A template title as plain text (marks and inline syntax removed), for the outline.
    func plainTitle(_ s: String) -> String {
        FrenchTypography.apply(InlineRun.parse(s).map(\.text).joined())
    }

    /// Draws `item` at `y` (`lines`: the part of a split paragraph) from `x`.
    func draw(_ item: FicheItem, y: Double, height: Double, lines: Range<Int>?, _ ctx: GraphicsContext,
              page: Int, chartsBefore: Int, x: Double = FichePage.margin) -> DrawnFiche {
        var drawn = DrawnFiche()
        switch item.content {
        case let .heading(level, text, p):
            drawn.bookmarks.append(Bookmark(title: plainTitle(text), page: page, y: max(0, y - 8), level: level))
            ctx.tagged(level == 1 ? .h1 : .h2) { ctx.draw(p, at: CanvasPoint(x, y)) }
            if level == 1 {
                ctx.fill(CanvasRect(x: x, y: y + p.height + 2, width: 28, height: 2), theme.redMarianne)
            }
        case let .paragraph(p):
            ctx.tagged(.paragraph) { ctx.draw(p, lines: lines, at: CanvasPoint(x, y)) }
        case let .note(p):
            ctx.tagged(.paragraph) { ctx.draw(p, at: CanvasPoint(x, y)) }
        case let .caption(p):
            ctx.fill(CanvasRect(x: x, y: y, width: p.width + 16, height: height), styles.captionFill)
            // A paragraph, not a Caption: a Caption belongs inside its Figure, whose /Alt would
            // then hide the reading key from screen readers.
            ctx.tagged(.paragraph) { ctx.draw(p, at: CanvasPoint(x + 8, y + 5)) }
        case let .listItem(p, bullet, indent, first, last):
            if first { ctx.beginTag(.list) }
            ctx.tagged(.listItem) {
                ctx.tagged(.label) { ctx.draw(bullet, at: CanvasPoint(x + 2, y)) }
                ctx.tagged(.listBody) { ctx.draw(p, at: CanvasPoint(x + indent, y)) }
            }
            if last { ctx.endTag(.list) }
        case let .chart(chart):
            let clock = Stopwatch()
            drawn.append(drawChart(chart, ctx, frame: ChartRect(x: x, y: y, width: FichePage.contentWidth, height: height),
                                   page: page, number: chartsBefore + 1))
            drawn.chartSeconds += clock.elapsed
        case let .box(kind, title, children):
            drawn = drawBox(kind, title: title, children: children, y: y, height: height, ctx, page: page,
                            chartsBefore: chartsBefore, x: x)
        case .bottom:
            break
        case .signOff:
            signOff.draw(ctx, y: y)
        case let .coverTitle(title, subtitle, plain):
            drawn.bookmarks.append(Bookmark(title: plainTitle(plain), page: page, y: 0, level: 1))
            ctx.tagged(.h1) { ctx.draw(title, at: CanvasPoint(x, y)) }
            let sy = y + title.height + 8
            ctx.tagged(.paragraph) { ctx.draw(subtitle, at: CanvasPoint(x, sy)) }
            ctx.fill(CanvasRect(x: x, y: sy + subtitle.height + 8, width: 40, height: 3), theme.redMarianne)
        }
        return drawn
    }

    /// A tinted box (`@encadre` with its title, or `@total` with its blue edge) and its items.
    func drawBox(_ kind: FicheItem.BoxKind, title: ParagraphLayout?, children: [FicheItem], y: Double, height: Double,
                 _ ctx: GraphicsContext, page: Int, chartsBefore: Int, x: Double) -> DrawnFiche {
        var drawn = DrawnFiche()
        let width = FichePage.contentWidth - (x - FichePage.margin)
        let rect = CanvasRect(x: x, y: y, width: width, height: height)
        ctx.tagged(.division) {
            switch kind {
            case .framed:
                ctx.fill(rect, styles.boxFill)
                ctx.fill(CanvasRect(x: x, y: y, width: width, height: 2.5), theme.blueFrance)
            case .totals:
                ctx.fill(rect, styles.totalsFill)
                ctx.fill(CanvasRect(x: x, y: y, width: 4, height: height), theme.blueFrance)
            }
            let pad = kind == .framed ? FicheItemBuilder.framedPadding : FicheItemBuilder.totalsPadding
            let innerX = x + pad + (kind == .totals ? 4 : 0)
            var cy = y + pad
            if let title {
                drawn.bookmarks.append(Bookmark(title: plainTitle(title.text.text.replacingOccurrences(of: "\u{00AD}", with: "")),
                                                page: page, y: max(0, y - 8), level: 2))
                ctx.tagged(.h2) { ctx.draw(title, at: CanvasPoint(innerX, cy)) }
                cy += title.height + 4
            }
            for (k, child) in children.enumerated() {
                if k > 0 { cy += child.flow.spaceBefore }
                drawn.append(draw(child, y: cy, height: child.flow.height, lines: nil, ctx, page: page,
                                  chartsBefore: chartsBefore + drawn.chartData.count, x: innerX),
                             withBookmarks: false)
                cy += child.flow.height
            }
        }
        return drawn
    }

    /// One chart of the fiche in `frame`, with its data (chart `number`) and, when recorded, its dump.
    func drawChart(_ chart: FicheChart, _ ctx: GraphicsContext, frame: ChartRect, page: Int, number: Int) -> DrawnFiche {
        let block = ChartBlock(context: ctx, measurer: measurer, theme: theme)
        let d = report.departementTrade
        let territoryLine = FichePage.territoryLine(report)
        var drawn = DrawnFiche()
        func dump(_ make: @autoclosure () -> ChartDump) { if recordsChartLayouts { drawn.chartDumps.append(make()) } }
        switch chart {
        case .partners:
            let input = ChartInputs.partners(d)
            let layout = block.drawPartners(input, in: frame)
            drawn.chartData.append(ChartData.partners(input, territory: territoryLine, number: number)
                .withPartnerEvolutions(report.previousYear, codes: d.partners.map(\.code)))
            dump(ChartDump(layout, name: "partners", page: page))
        case .activities:
            let input = ChartInputs.activities(d)
            let layout = block.drawActivities(input, in: frame)
            drawn.chartData.append(ChartData.activities(input, ranking: d.activities, products: report.level == .cpf4,
                                                        territory: territoryLine, number: number)
                .withActivityEvolutions(report.previousYear, exports: input.exports.map(\.code), imports: input.imports.map(\.code)))
            dump(ChartDump(layout, name: "activities", page: page))
        case .years:
            // Three complete years at least; elsewhere the place stays empty.
            guard report.years.count >= ChartInputs.minimumYears else { return drawn }
            let input = ChartInputs.years(report)
            let layout = block.drawYears(input, in: frame)
            drawn.chartData.append(.years(input, territory: territoryLine, number: number))
            dump(ChartDump(layout, name: "years", page: page))
        case .departements:
            // Only a région fiche has départements to show; elsewhere the place stays empty.
            guard let subject = report.regionSubject else { return drawn }
            let input = ChartInputs.departements(subject)
            let layout = block.drawPartners(input, in: frame)
            drawn.chartData.append(.departements(input, territory: territoryLine, number: number))
            dump(ChartDump(layout, name: "departements", page: page))
        case let .sankey(flow, territory, left, right):
            let trade = territory == .departement ? d : territory == .region ? report.regionTrade : report.franceTrade
            let table = flow == .exports ? trade.sankeyExports : trade.sankeyImports
            let input = ChartInputs.sankey(table)
            let layout = block.drawSankey(input, flow: flow, in: frame,
                                          headings: ChartBlock.SankeyHeadings(left: left, right: right, style: styles.chartHeading),
                                          noFlow: ChartBlock.NoFlowNote(style: styles.chartHeading), grid: sankeyGrid?.byFlow[flow],
                                          shared: territory != .departement)
            // A Sankey without flow has no figure: no alternative text, no table, no dump.
            guard !layout.nodes.isEmpty else { return drawn }
            let place = territory == .departement ? territoryLine
                : territory == .region ? report.region.comparisonName.title : "France entière"
            let flowName = flow == .exports ? "exports" : "imports"
            // A région fiche's own Sankeys are its région's.
            let stem = territory == .departement && report.isRegionFiche ? "region" : territory.rawValue
            drawn.chartData.append(.sankey(table, exports: flow == .exports, products: report.level == .cpf4, territory: place, number: number,
                                           fileStem: "\(flow == .exports ? "exportations" : "importations")-\(stem)"))
            dump(ChartDump(layout, name: "\(flowName)-\(territory.rawValue)", page: page))
        }
        return drawn
    }
}
