import Canvas
import Charts
import Foundation
import TradeData

/// Lays the template's blocks out on A4 pages (once: every paragraph is shaped a single time and
/// the same layout is drawn), then draws them with headers, footers, tags, links and bookmarks.
///
/// Flow rules: a heading keeps with the start of what follows it, a chart with its reading key;
/// a paragraph split across pages leaves at least two lines on each page (no widow, no orphan);
/// charts share the height left on their page.
final class PageComposer {
    let renderer: FicheRenderer
    let report: DepartementReport
    let measurer: PangoTextMeasurer
    let engine: TextEngine
    let styles: Styles
    let theme: ChartTheme
    /// Seconds spent laying out and painting charts during `draw`.
    private(set) var chartSeconds = 0.0
    /// The geometry of every chart drawn, in page order (`fiche render --layout-json`).
    private(set) var chartDumps: [ChartDump] = []
    /// Each figure's alternative text and numbers, in drawing (and structure) order.
    private(set) var chartData: [ChartData] = []
    /// The page being drawn (1-based), for the dumps.
    var currentPage = 0

    static let page = CanvasSize.a4
    static let margin = mm(18)
    static let contentWidth = page.width - 2 * margin
    /// Office printers clip within 8 mm of the edges: nothing is drawn there.
    static let safeEdge = mm(8)
    /// Top of the content on inner pages (below the header band) and on the cover.
    static let contentTop = margin + 6
    /// Bottom of the content (the footer sits below).
    static let contentBottom = page.height - margin - 14

    init(renderer: FicheRenderer, report: DepartementReport, measurer: PangoTextMeasurer) throws {
        self.renderer = renderer
        self.report = report
        self.measurer = measurer
        engine = measurer.engine
        theme = renderer.theme
        styles = try Styles(fonts: measurer.engine.fonts, family: renderer.family, theme: renderer.theme)
    }

    // MARK: - Items

    enum ChartKind { case partners, activities, sankey(flow: TradeFlow, territory: TerritoryKind, left: String, right: String) }
    enum BoxKind { case framed, totals }

    final class Item {
        enum Kind {
            case heading(level: Int, text: String)
            case paragraph, caption, note
            case listItem(first: Bool, last: Bool, bullet: ParagraphLayout)
            case chart(ChartKind)
            case box(BoxKind, title: ParagraphLayout?, children: [Item])
            case bottom, signOff
            case coverTitle(title: ParagraphLayout, subtitle: ParagraphLayout, plain: String)
        }
        let kind: Kind
        var paragraph: ParagraphLayout?
        var height: Double
        var spaceBefore: Double
        var keepWithNext = false
        var flexible: (min: Double, max: Double)?
        var indent = 0.0
        init(_ kind: Kind, paragraph: ParagraphLayout? = nil, height: Double, spaceBefore: Double) {
            self.kind = kind; self.paragraph = paragraph; self.height = height; self.spaceBefore = spaceBefore
        }
        var splittable: Bool {
            if case .paragraph = kind, let p = paragraph { return p.lines.count >= 4 }
            return false
        }
    }

    /// A piece of an item placed on a page at `y` (lines: the part of a split paragraph).
    struct Placed {
        let item: Item
        let y: Double
        let lines: Range<Int>?
    }

    /// One page of the plan: what sits where, and whether it continues the template page before.
    struct PagePlan {
        var placed: [Placed] = []
        var isCover = false
    }

    func rich(_ source: String, hyphenate: Bool = true, color: Color? = nil) -> RichText {
        var r = RichText()
        // The last two words tied and the last words never hyphenated: no paragraph, box or
        // caption ends on one short word or on the end of a hyphenated word.
        let runs = InlineRun.parse(FrenchTypography.apply(FrenchTypography.tieLastWords(source)))
        let lastText = runs.lastIndex { $0.link == nil }
        for (k, run) in runs.enumerated() {
            if let link = run.link {
                r.append(run.text, weight: run.bold ? .bold : nil, color: theme.blueFrance, underline: true, link: link)
            } else {
                var t = hyphenate ? renderer.hyphenator.hyphenate(text: run.text) : run.text
                if k == lastText { t = FrenchTypography.withoutHyphensInLastWords(t) }
                r.append(t, weight: run.bold ? .bold : nil, italic: run.italic ? true : nil, color: color)
            }
        }
        return r
    }

    /// `source` laid out in `style` at `width`; from the renderer's cache when an earlier fiche had
    /// the same paragraph (typography, hyphenation and shaping then cost nothing).
    func paragraph(_ source: String, _ style: TextStyle, width: Double, hyphenate: Bool = true) -> ParagraphLayout {
        let key = ParagraphCache.Key(source: source, style: style, width: width, hyphenate: hyphenate)
        return renderer.paragraphs.layout(key) {
            ParagraphLayout(engine: engine, text: rich(source, hyphenate: hyphenate), style: style, width: width)
        }
    }

    /// Turns template blocks into measured items at `width`.
    func items(_ blocks: [TemplateBlock], width: Double, inBox: BoxKind? = nil) -> [Item] {
        var out: [Item] = []
        let s = styles
        for block in blocks {
            switch block {
            case let .title(text):
                let p = paragraph(text, s.h1, width: width, hyphenate: false)
                let item = Item(.heading(level: 1, text: text), paragraph: p, height: p.height, spaceBefore: 18)
                item.keepWithNext = true
                out.append(item)
            case let .subtitle(text):
                let p = paragraph(text, inBox == .framed ? s.boxTitle : s.h2, width: width, hyphenate: false)
                let item = Item(.heading(level: 2, text: text), paragraph: p, height: p.height, spaceBefore: 14)
                item.keepWithNext = true
                out.append(item)
            case let .paragraph(text):
                let style: TextStyle
                switch inBox {
                case .totals: style = out.isEmpty ? s.totalsLead : s.totalsDetail
                case .framed: style = s.boxBody
                case nil: style = s.body
                }
                let p = paragraph(text, style, width: width, hyphenate: inBox != .totals)
                out.append(Item(.paragraph, paragraph: p, height: p.height, spaceBefore: out.isEmpty ? 0 : (inBox == .totals ? 3 : 7)))
            case let .list(entries):
                let indent = 12.0
                let style = inBox == .framed ? s.boxBody : s.listBody
                let bullet = ParagraphLayout(engine: engine, text: RichText("•"), style: style.colored(theme.blueFrance), width: indent)
                for (k, entry) in entries.enumerated() {
                    let p = paragraph(entry, style, width: width - indent)
                    let item = Item(.listItem(first: k == 0, last: k == entries.count - 1, bullet: bullet), paragraph: p,
                                    height: p.height, spaceBefore: k == 0 ? 6 : 3)
                    item.indent = indent
                    out.append(item)
                }
            case let .caption(text):
                let p = paragraph(text, s.caption, width: width - 16)
                out.append(Item(.caption, paragraph: p, height: p.height + 10, spaceBefore: 5))
            case let .note(text):
                let p = paragraph(text, s.note, width: width)
                out.append(Item(.note, paragraph: p, height: p.height, spaceBefore: 6))
            case .partnersChart:
                let item = Item(.chart(.partners), height: 220, spaceBefore: 6)
                item.flexible = (180, 230)
                out.append(item)
            case .activitiesChart:
                let item = Item(.chart(.activities), height: 260, spaceBefore: 6)
                item.flexible = (200, 330)
                out.append(item)
            case let .sankey(flow, territory, left, right):
                let kind: TerritoryKind = territory == "region" ? .region : territory == "france" ? .france : .departement
                let item = Item(.chart(.sankey(flow: flow == "exports" ? .exports : .imports, territory: kind, left: left, right: right)),
                                height: 280, spaceBefore: 6)
                item.flexible = (230, 560)
                out.append(item)
            case let .box(title, blocks):
                let pad = 10.0
                let t = title.isEmpty ? nil : paragraph(title, s.boxTitle, width: width - 2 * pad, hyphenate: false)
                let children = items(blocks, width: width - 2 * pad, inBox: .framed)
                var h = 2 * pad + (t.map { $0.height + 4 } ?? 0)
                for (k, c) in children.enumerated() { h += c.height + (k == 0 ? 0 : c.spaceBefore) }
                out.append(Item(.box(.framed, title: t, children: children), height: h, spaceBefore: 12))
            case let .totals(blocks):
                let pad = 9.0
                let children = items(blocks, width: width - 2 * pad - 4, inBox: .totals)
                var h = 2 * pad
                for (k, c) in children.enumerated() { h += c.height + (k == 0 ? 0 : c.spaceBefore) }
                out.append(Item(.box(.totals, title: nil, children: children), height: h, spaceBefore: 8))
            case .bottom:
                out.append(Item(.bottom, height: 0, spaceBefore: 0))
            case .signOff:
                out.append(Item(.signOff, height: 64, spaceBefore: 0))
            case let .coverTitle(title, subtitle):
                let t = paragraph(title, s.coverTitle, width: width * 0.85, hyphenate: false)
                let st = paragraph(subtitle, s.coverSubtitle, width: width, hyphenate: false)
                out.append(Item(.coverTitle(title: t, subtitle: st, plain: title), height: t.height + 8 + st.height + 16, spaceBefore: 80))
            }
        }
        // A chart keeps with its reading key; a list item with the next one of its list.
        for i in out.indices.dropLast() {
            if case .chart = out[i].kind, case .caption = out[i + 1].kind { out[i].keepWithNext = true }
        }
        return out
    }

    // MARK: - Planning

    /// Flows each template page onto one or more A4 pages.
    func plan(_ pages: [[TemplateBlock]]) -> [PagePlan] {
        var plans: [PagePlan] = []
        for (index, blocks) in pages.enumerated() {
            let items = items(blocks, width: Self.contentWidth)
            resolveFlexibleHeights(items, available: Self.contentBottom - Self.top(isCover: index == 0))
            plans += flow(items, isCover: index == 0)
        }
        return plans
    }

    /// Charts share the height their page leaves, within their bounds.
    static func top(isCover: Bool) -> Double { isCover ? contentTop : margin }

    func resolveFlexibleHeights(_ items: [Item], available: Double) {
        let flexible = items.filter { $0.flexible != nil }
        guard !flexible.isEmpty else { return }
        var fixed = 0.0
        for (k, item) in items.enumerated() {
            fixed += (k == 0 ? 0 : item.spaceBefore)
            if item.flexible == nil { fixed += item.height }
        }
        // Sankeys draw their column headings above the frame.
        for item in flexible { if case .chart(.sankey) = item.kind { fixed += 12 } }
        let free = available - fixed
        let share = free / Double(flexible.count)
        for item in flexible {
            item.height = min(max(share, item.flexible!.min), item.flexible!.max)
        }
        // Give what a capped chart leaves to the others.
        let used = flexible.reduce(0) { $0 + $1.height }
        let uncapped = flexible.filter { $0.height < $0.flexible!.max }
        if used < free, !uncapped.isEmpty {
            let extra = (free - used) / Double(uncapped.count)
            for item in uncapped { item.height = min(item.height + extra, item.flexible!.max) }
        }
    }

    func fullHeight(_ item: Item) -> Double {
        if case .chart(.sankey) = item.kind { return item.height + 12 }
        return item.height
    }

    /// The least height that must fit on a page to start `items[i]`: a heading with the start of
    /// what follows, a paragraph with its first two lines (all of a short one), the rest whole.
    func minimumStart(_ items: [Item], _ i: Int) -> Double {
        let item = items[i]
        if item.keepWithNext, i + 1 < items.count, !isBottom(items[i + 1]) {
            return fullHeight(item) + items[i + 1].spaceBefore + minimumStart(items, i + 1)
        }
        if item.splittable, let p = item.paragraph { return p.height(of: 0..<2) }
        return fullHeight(item)
    }

    func isBottom(_ item: Item) -> Bool { if case .bottom = item.kind { return true }; return false }

    func flow(_ items: [Item], isCover: Bool) -> [PagePlan] {
        var pages: [PagePlan] = [PagePlan(placed: [], isCover: isCover)]
        let top = Self.top(isCover: isCover), bottom = Self.contentBottom
        var y = top
        var i = 0
        func newPage() { pages.append(PagePlan()); y = top }
        while i < items.count {
            let item = items[i]
            if isBottom(item) {
                var rest = 0.0
                for r in items[(i + 1)...] { rest += fullHeight(r) + r.spaceBefore }
                y = max(y, bottom - rest)
                if y + rest > bottom { newPage() }
                i += 1
                continue
            }
            let pageEmpty = pages[pages.count - 1].placed.isEmpty
            var gap = pageEmpty ? 0 : item.spaceBefore
            if !pageEmpty, y + gap + minimumStart(items, i) > bottom {
                newPage(); gap = 0
            }
            if item.splittable, let p = item.paragraph, y + gap + p.height > bottom {
                // Split: as many lines as fit, at least two here and two on the next page.
                var start = 0
                y += gap
                while start < p.lines.count {
                    var k = start
                    while k < p.lines.count, y + p.height(of: start..<(k + 1)) <= bottom { k += 1 }
                    if k == p.lines.count {
                        pages[pages.count - 1].placed.append(Placed(item: item, y: y, lines: start..<k))
                        y += p.height(of: start..<k)
                        break
                    }
                    k = min(k, p.lines.count - 2)
                    if k - start >= 2 {
                        pages[pages.count - 1].placed.append(Placed(item: item, y: y, lines: start..<k))
                        start = k
                    }
                    newPage()
                }
                i += 1
                continue
            }
            y += gap
            pages[pages.count - 1].placed.append(Placed(item: item, y: y, lines: nil))
            y += fullHeight(item)
            i += 1
        }
        return pages
    }

    // MARK: - Drawing

    struct Bookmark { let title: String; let page: Int; let y: Double; let level: Int }

    func draw(_ plans: [PagePlan], into doc: PDFDocument) throws {
        var bookmarks: [Bookmark] = []
        let total = plans.count
        for (n, plan) in plans.enumerated() {
            let number = n + 1
            currentPage = number
            try doc.page(label: "\(number)") { ctx in
                if n == 0 { ctx.beginTag(.document) }
                if plan.isCover { drawCoverDecoration(ctx) } else { drawHeader(ctx) }
                for placed in plan.placed {
                    draw(placed, ctx, page: number, bookmarks: &bookmarks)
                }
                drawFooter(ctx, number: number, of: total)
                if n == total - 1 { ctx.endTag(.document) }
            }
        }
        var parent = OutlineItem.root
        for b in bookmarks {
            if b.level == 1 {
                parent = doc.addOutline(b.title, page: b.page, y: b.y, open: true)
            } else {
                doc.addOutline(b.title, page: b.page, y: b.y, parent: parent, open: false)
            }
        }
    }

    func plainTitle(_ s: String) -> String {
        FrenchTypography.apply(InlineRun.parse(s).map(\.text).joined())
    }

    func draw(_ placed: Placed, _ ctx: GraphicsContext, page: Int, bookmarks: inout [Bookmark], x: Double = margin) {
        let item = placed.item
        let y = placed.y
        switch item.kind {
        case let .heading(level, text):
            bookmarks.append(Bookmark(title: plainTitle(text), page: page, y: max(0, y - 8), level: level))
            ctx.tagged(level == 1 ? .h1 : .h2) { ctx.draw(item.paragraph!, at: CanvasPoint(x, y)) }
            if level == 1 {
                ctx.fill(CanvasRect(x: x, y: y + item.paragraph!.height + 2, width: 28, height: 2), theme.redMarianne)
            }
        case .paragraph:
            ctx.tagged(.paragraph) { ctx.draw(item.paragraph!, lines: placed.lines, at: CanvasPoint(x, y)) }
        case .note:
            ctx.tagged(.paragraph) { ctx.draw(item.paragraph!, at: CanvasPoint(x, y)) }
        case .caption:
            let p = item.paragraph!
            ctx.fill(CanvasRect(x: x, y: y, width: p.width + 16, height: item.height), styles.captionFill)
            ctx.tagged(.caption) { ctx.draw(p, at: CanvasPoint(x + 8, y + 5)) }
        case let .listItem(first, last, bullet):
            if first { ctx.beginTag(.list) }
            ctx.tagged(.listItem) {
                ctx.tagged(.label) { ctx.draw(bullet, at: CanvasPoint(x + 2, y)) }
                ctx.tagged(.listBody) { ctx.draw(item.paragraph!, at: CanvasPoint(x + item.indent, y)) }
            }
            if last { ctx.endTag(.list) }
        case let .chart(kind):
            let t0 = DispatchTime.now().uptimeNanoseconds
            drawChart(kind, ctx, frame: ChartRect(x: x, y: y, width: Self.contentWidth, height: item.height))
            chartSeconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        case let .box(kind, title, children):
            let width = Self.contentWidth - (x - Self.margin)
            let rect = CanvasRect(x: x, y: y, width: width, height: item.height)
            ctx.tagged(.division) {
                switch kind {
                case .framed:
                    ctx.fill(rect, styles.boxFill)
                    ctx.fill(CanvasRect(x: x, y: y, width: width, height: 2.5), theme.blueFrance)
                case .totals:
                    ctx.fill(rect, styles.totalsFill)
                    ctx.fill(CanvasRect(x: x, y: y, width: 4, height: item.height), theme.blueFrance)
                }
                let pad = kind == .framed ? 10.0 : 9.0
                let innerX = x + pad + (kind == .totals ? 4 : 0)
                var cy = y + pad
                if let title {
                    bookmarks.append(Bookmark(title: plainTitle(title.text.text.replacingOccurrences(of: "\u{00AD}", with: "")),
                                              page: page, y: max(0, y - 8), level: 2))
                    ctx.tagged(.h2) { ctx.draw(title, at: CanvasPoint(innerX, cy)) }
                    cy += title.height + 4
                }
                var ignored: [Bookmark] = []
                for (k, child) in children.enumerated() {
                    if k > 0 { cy += child.spaceBefore }
                    draw(Placed(item: child, y: cy, lines: nil), ctx, page: page, bookmarks: &ignored, x: innerX)
                    cy += child.height
                }
            }
        case .bottom:
            break
        case .signOff:
            drawSignOff(ctx, y: y)
        case let .coverTitle(title, subtitle, plain):
            bookmarks.append(Bookmark(title: plainTitle(plain), page: page, y: 0, level: 1))
            ctx.tagged(.h1) { ctx.draw(title, at: CanvasPoint(x, y)) }
            let sy = y + title.height + 8
            ctx.tagged(.paragraph) { ctx.draw(subtitle, at: CanvasPoint(x, sy)) }
            ctx.fill(CanvasRect(x: x, y: sy + subtitle.height + 8, width: 40, height: 3), theme.redMarianne)
        }
    }

    func drawChart(_ kind: ChartKind, _ ctx: GraphicsContext, frame: ChartRect) {
        let painter = ChartPainter(context: ctx, measurer: measurer, theme: theme)
        let d = report.departementTrade
        switch kind {
        case .partners:
            let input = ChartInputs.partners(d)
            let layout = BalanceBarsLayoutEngine(measurer: measurer).layout(input, in: frame)
            ctx.tagged(.figure) { painter.paint(layout) }
            chartData.append(.partners(input, territory: territoryLine, number: chartData.count + 1))
            if renderer.recordsChartLayouts { chartDumps.append(ChartDump(layout, name: "partners", page: currentPage)) }
        case .activities:
            let input = ChartInputs.activities(d)
            let layout = TreemapLayoutEngine(measurer: measurer).layout(input, in: frame)
            ctx.tagged(.figure) { painter.paint(layout) }
            chartData.append(.activities(input, territory: territoryLine, number: chartData.count + 1))
            if renderer.recordsChartLayouts { chartDumps.append(ChartDump(layout, name: "activities", page: currentPage)) }
        case let .sankey(flow, territory, left, right):
            let trade = territory == .departement ? d : territory == .region ? report.regionTrade : report.franceTrade
            let table = flow == .exports ? trade.sankeyExports : trade.sankeyImports
            let input = ChartInputs.sankey(table)
            let layout = SankeyLayoutEngine(measurer: measurer)
                .layout(input, in: ChartRect(x: frame.x, y: frame.y + 12, width: frame.width, height: frame.height - 12))
            if layout.nodes.isEmpty {
                // No flow at all (a territory without exports or imports): say so, never a blank.
                let message = "Aucun flux à représenter"
                let m = ctx.measure(message, style: styles.chartHeading)
                ctx.draw(message, style: styles.chartHeading,
                         at: CanvasPoint(frame.midX - m.size.width / 2, frame.midY - m.size.height / 2))
                return
            }
            ctx.tagged(.figure) {
                if !left.isEmpty { ctx.draw(left, style: styles.chartHeading, at: CanvasPoint(frame.x, frame.y)) }
                if !right.isEmpty {
                    let w = ctx.measure(right, style: styles.chartHeading).size.width
                    ctx.draw(right, style: styles.chartHeading, at: CanvasPoint(frame.x + frame.width - w, frame.y))
                }
                painter.paint(layout, flow: flow == .exports ? .exports : .imports)
            }
            let place = territory == .departement ? territoryLine
                : territory == .region ? "région \(FrenchTypography.curlyApostrophes(trade.name))" : "France entière"
            chartData.append(.sankey(input, exports: flow == .exports, territory: place, number: chartData.count + 1,
                                     fileStem: "\(flow == .exports ? "exportations" : "importations")-\(territory.rawValue)"))
            if renderer.recordsChartLayouts {
                chartDumps.append(ChartDump(layout, name: "\(flow == .exports ? "exports" : "imports")-\(territory.rawValue)", page: currentPage))
            }
        }
    }

    // MARK: - Page furniture

    var territoryLine: String { "\(FrenchTypography.curlyApostrophes(report.departement.name)) (\(report.departement.code))" }
    static let demoMark = "Données synthétiques de démonstration"

    func drawHeader(_ ctx: GraphicsContext) {
        // Inside the printable area: nothing within 8 mm of a page edge.
        let band = CanvasRect(x: Self.margin - 6, y: Self.safeEdge, width: Self.page.width - 2 * Self.margin + 12, height: 16)
        ctx.fill(band, theme.blueFrance)
        ctx.draw("Territoires d’industrie · Commerce extérieur · \(territoryLine) · \(report.year)", style: styles.band,
                 at: CanvasPoint(Self.margin, band.y + 4.5))
        if report.isDemo {
            let w = ctx.measure(Self.demoMark, style: styles.bandDemo).size.width
            let r = CanvasRect(x: Self.page.width - Self.margin - w - 8, y: band.y + 2, width: w + 8, height: 12)
            ctx.fill(r, theme.redMarianne)
            ctx.draw(Self.demoMark, style: styles.bandDemo, at: CanvasPoint(r.x + 4, band.y + 4.5))
        }
    }

    func drawCoverDecoration(_ ctx: GraphicsContext) {
        ctx.fill(CanvasRect(x: Self.margin, y: Self.safeEdge, width: Self.contentWidth, height: 4), theme.blueFrance)
        if report.isDemo {
            let w = ctx.measure(Self.demoMark, style: styles.coverDemo).size.width
            let r = CanvasRect(x: Self.page.width - Self.margin - w - 12, y: Self.contentTop + 78, width: w + 12, height: 16)
            ctx.newPath()
            ctx.roundedRectangle(r, radius: 2)
            ctx.stroke(theme.redMarianne, style: StrokeStyle(width: 1))
            ctx.draw(Self.demoMark, style: styles.coverDemo, at: CanvasPoint(r.x + 6, r.y + 3.5))
        }
    }

    func drawFooter(_ ctx: GraphicsContext, number: Int, of total: Int) {
        let y = Self.page.height - Self.margin + 2
        let width = Self.contentWidth
        ctx.strokeLine(from: CanvasPoint(Self.margin, y - 5), to: CanvasPoint(Self.margin + width, y - 5), Color(hex: 0xCECECE),
                       style: StrokeStyle(width: 0.5))
        var source = "Source : DGDDI, statistiques départementales et régionales du commerce extérieur, \(report.year)"
        if !report.completeYear { source += " (année incomplète)" }
        let numberText = "\(number) / \(total)"
        let nw = ctx.measure(numberText, style: styles.footerBold).size.width
        ctx.draw(FrenchTypography.apply(source), style: styles.footer.ellipsized, at: CanvasPoint(Self.margin, y), width: width - nw - 150)
        if report.isDemo {
            let w = ctx.measure(Self.demoMark, style: styles.footerDemo).size.width
            ctx.draw(Self.demoMark, style: styles.footerDemo, at: CanvasPoint(Self.margin + width - nw - 14 - w, y))
        }
        ctx.draw(numberText, style: styles.footerBold, at: CanvasPoint(Self.margin + width - nw, y))
    }

    func drawSignOff(_ ctx: GraphicsContext, y: Double) {
        let x = Self.margin
        if let logo = renderer.logos["gouvernement"] {
            try? ctx.drawPNG(path: logo.path, in: CanvasRect(x: x, y: y, width: 110, height: 60))
        } else {
            ctx.tagged(.division) {
                // The State block, drawn with text and shapes: a tricolour rule, the name, the motto.
                ctx.fill(CanvasRect(x: x, y: y, width: 14, height: 4), theme.blueFrance)
                ctx.fill(CanvasRect(x: x + 14, y: y, width: 14, height: 4), Color(hex: 0xF5F5FE))
                ctx.fill(CanvasRect(x: x + 28, y: y, width: 14, height: 4), theme.redMarianne)
                ctx.strokeLine(from: CanvasPoint(x, y + 4.25), to: CanvasPoint(x + 42, y + 4.25), Color(hex: 0xDDDDDD), style: StrokeStyle(width: 0.5))
                ctx.tagged(.paragraph) { _ = ctx.draw("GOUVERNEMENT", style: styles.signOffName, at: CanvasPoint(x, y + 10)) }
                ctx.tagged(.paragraph) {
                    _ = ctx.draw("Liberté\nÉgalité\nFraternité", style: styles.signOffMotto, at: CanvasPoint(x, y + 27), width: 120)
                }
            }
        }
        let right = Self.margin + Self.contentWidth
        if let logo = renderer.logos["anct"] {
            try? ctx.drawPNG(path: logo.path, in: CanvasRect(x: right - 130, y: y, width: 130, height: 60))
        } else {
            ctx.tagged(.division) {
                let name = "ANCT"
                let w = ctx.measure(name, style: styles.anctName).size.width
                ctx.tagged(.paragraph) { _ = ctx.draw(name, style: styles.anctName, at: CanvasPoint(right - w, y + 2)) }
                let line = "Agence nationale\nde la cohésion des territoires"
                ctx.tagged(.paragraph) {
                    _ = ctx.draw(line, style: styles.anctLine.aligned(.right), at: CanvasPoint(right - 140, y + 28), width: 140)
                }
                ctx.fill(CanvasRect(x: right - w, y: y + 24, width: w, height: 1.5), theme.redMarianne)
            }
        }
    }

    // MARK: - Styles

    struct Styles {
        let body, listBody, h1, h2, caption, note, totalsLead, totalsDetail, boxTitle, boxBody: TextStyle
        let band, bandDemo, footer, footerBold, footerDemo, coverTitle, coverSubtitle, coverDemo, chartHeading: TextStyle
        let signOffName, signOffMotto, anctName, anctLine: TextStyle
        let captionFill = Color(hex: 0xEEEEFC)
        let boxFill = Color(hex: 0xE3E3FD)
        let totalsFill = Color(hex: 0xE3E3FD)

        init(fonts: FontLibrary, family: String, theme: ChartTheme) throws {
            let regular = try fonts.font(family: family)
            let bold = try fonts.font(family: family, weight: .bold)
            let semibold = (try? fonts.font(family: family, weight: .semibold)) ?? bold
            let italic = (try? fonts.font(family: family, italic: true)) ?? regular
            let boldItalic = (try? fonts.font(family: family, weight: .bold, italic: true)) ?? bold
            let ink = theme.text, muted = theme.muted, blue = theme.blueFrance
            body = TextStyle(font: regular, size: 9.5, color: ink, alignment: .justify, lineSpacing: 1.32)
            listBody = TextStyle(font: regular, size: 9.5, color: ink, alignment: .left, lineSpacing: 1.32)
            h1 = TextStyle(font: bold, size: 17, color: blue, lineSpacing: 1.1)
            h2 = TextStyle(font: bold, size: 10.5, color: blue, lineSpacing: 1.15)
            caption = TextStyle(font: italic, size: 8, color: muted, alignment: .justify, lineSpacing: 1.25)
            note = TextStyle(font: italic, size: 7.5, color: muted, alignment: .left, lineSpacing: 1.25)
            totalsLead = TextStyle(font: bold, size: 13, color: blue, lineSpacing: 1.1)
            totalsDetail = TextStyle(font: regular, size: 8.5, color: ink, lineSpacing: 1.25)
            boxTitle = TextStyle(font: bold, size: 11, color: blue, lineSpacing: 1.15)
            boxBody = TextStyle(font: regular, size: 9.5, color: ink, alignment: .left, lineSpacing: 1.3)
            band = TextStyle(font: semibold, size: 7, color: .white)
            bandDemo = TextStyle(font: bold, size: 7, color: .white)
            footer = TextStyle(font: regular, size: 7, color: muted)
            footerBold = TextStyle(font: bold, size: 7, color: ink)
            footerDemo = TextStyle(font: boldItalic, size: 7, color: theme.redMarianne)
            coverTitle = TextStyle(font: bold, size: 30, color: blue, lineSpacing: 1.05)
            coverSubtitle = TextStyle(font: regular, size: 15, color: ink, lineSpacing: 1.1)
            coverDemo = TextStyle(font: bold, size: 8, color: theme.redMarianne)
            chartHeading = TextStyle(font: semibold, size: 7, color: muted)
            signOffName = TextStyle(font: bold, size: 12.5, color: ink)
            signOffMotto = TextStyle(font: italic, size: 7.5, color: ink, lineSpacing: 1.0)
            anctName = TextStyle(font: bold, size: 20, color: blue)
            anctLine = TextStyle(font: regular, size: 7, color: ink, lineSpacing: 1.0)
        }
    }
}

extension TextStyle {
    var ellipsized: TextStyle { var s = self; s.ellipsis = .end; s.maxLines = 1; return s }
}
