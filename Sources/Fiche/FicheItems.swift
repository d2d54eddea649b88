import Canvas
import TradeData

/// A chart place of the template.
enum FicheChart: Equatable {
    case partners, activities
    /// A région's départements side by side (exports, imports, balance, share of the région).
    case departements
    /// Exports and imports per year, with index lines.
    case years
    case sankey(flow: TradeFlow, territory: TerritoryKind, leftHeading: String, rightHeading: String)
}

/// One block of the fiche, measured: what to draw, and how it flows (`FlowBlock`).
struct FicheItem {
    /// The two tinted boxes: `@encadre` (framed, titled) and `@total` (the totals).
    enum BoxKind { case framed, totals }

    /// What the item draws, with its laid-out text.
    enum Content {
        /// A title (level 1) or subtitle (level 2); `text` is the template's, for the outline.
        case heading(level: Int, text: String, ParagraphLayout)
        case paragraph(ParagraphLayout)
        /// A reading key, in a tinted box.
        case caption(ParagraphLayout)
        case note(ParagraphLayout)
        /// One entry of a list; the first opens the list's structure element, the last closes it.
        case listItem(ParagraphLayout, bullet: ParagraphLayout, indent: Double, first: Bool, last: Bool)
        case chart(FicheChart)
        /// A tinted box and the items inside it (not flowed: the box is one block).
        case box(BoxKind, title: ParagraphLayout?, children: [FicheItem])
        /// `@bas` (draws nothing) and `@signature`.
        case bottom, signOff
        /// The cover's title and subtitle; `plain` is the title for the outline.
        case coverTitle(title: ParagraphLayout, subtitle: ParagraphLayout, plain: String)
    }

    let content: Content
    /// Its height and flow rules, for the paginator.
    var flow: FlowBlock

    init(_ content: Content, height: Double, spaceBefore: Double, keepWithNext: Bool = false) {
        self.content = content
        flow = FlowBlock(height: height, spaceBefore: spaceBefore, keepWithNext: keepWithNext)
    }
}

/// One page of the plan: what sits where, and whether it is the cover.
struct PagePlan {
    /// The items of the page, each with its frame: where it sits, its height (flexible ones
    /// resolved) and, for a split paragraph, which lines.
    var placed: [(item: FicheItem, frame: Paginator.Frame)] = []
    var isCover = false
    /// The template page it comes from (0 for `page-1.mustache`).
    var templatePage = 0
}

/// Turns the template's blocks into measured items and flows them onto A4 pages (once: every
/// paragraph is shaped a single time and the same layout is drawn).
struct FicheItemBuilder {
    let renderer: FicheRenderer
    let styles: FicheStyles
    /// Rows of the départements chart (a région's départements): the chart is as tall as they need.
    var departementRows = 10
    var engine: TextEngine { renderer.measurer.engine }
    var theme: ChartTheme { renderer.theme }

    /// Flows each template page onto one or more A4 pages; the first template page is the cover.
    func plan(_ pages: [[TemplateBlock]]) -> [PagePlan] {
        var plans: [PagePlan] = []
        for (index, blocks) in pages.enumerated() {
            let isCover = index == 0
            let items = items(blocks, width: FichePage.contentWidth)
            // A template page left empty by its sections (the evolution page of a single year)
            // is no page at all.
            guard !items.isEmpty || isCover else { continue }
            let paginator = Paginator(top: FichePage.top(isCover: isCover), bottom: FichePage.contentBottom)
            for (k, frames) in paginator.paginate(items.map(\.flow)).enumerated() {
                plans.append(PagePlan(placed: frames.map { (items[$0.block], $0) }, isCover: isCover && k == 0, templatePage: index))
            }
        }
        return plans
    }

    /// The template's `source` with French typography, hyphenated, links and marks as runs.
    func rich(_ source: String, hyphenate: Bool = true, color: Color? = nil) -> RichText {
        var r = RichText()
        // The last words never hyphenated: no paragraph, box or caption ends on the end of a
        // hyphenated word (runts are avoided by the layout: see `paragraph`).
        let runs = InlineRun.parse(FrenchTypography.apply(source))
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
    /// A title (`isTitle`) is neither hyphenated nor has its last words tied.
    func paragraph(_ source: String, _ style: TextStyle, width: Double, hyphenate: Bool = true, isTitle: Bool = false) -> ParagraphLayout {
        let key = ParagraphCache.Key(source: source, style: style, width: width, hyphenate: hyphenate && !isTitle, avoidsRunts: !isTitle)
        return renderer.paragraphs.layout(key) {
            // Titles keep their own breaks unless one would end on a word alone («(2024)»): a
            // longer tied tail would move words of a two-line title from its first line to its second.
            ParagraphLayout(engine: engine, text: rich(source, hyphenate: hyphenate && !isTitle), style: style, width: width,
                            shortestLastLine: isTitle ? FrenchTypography.shortestTitleLastLine : FrenchTypography.shortestLastLine)
        }
    }

    /// Template blocks as measured items at `width` (inside a box of `inBox`'s kind when given).
    func items(_ blocks: [TemplateBlock], width: Double, inBox: FicheItem.BoxKind? = nil) -> [FicheItem] {
        var out: [FicheItem] = []
        for block in blocks {
            out += items(block, width: width, inBox: inBox, isFirst: out.isEmpty)
        }
        // A chart keeps with its reading key.
        for i in out.indices.dropLast() {
            if case .chart = out[i].content, case .caption = out[i + 1].content { out[i].flow.keepWithNext = true }
        }
        return out
    }

    /// The items of one block (a list gives one per entry).
    func items(_ block: TemplateBlock, width: Double, inBox: FicheItem.BoxKind?, isFirst: Bool) -> [FicheItem] {
        let s = styles
        switch block {
        case let .title(text):
            let p = paragraph(text, s.h1, width: width, isTitle: true)
            return [FicheItem(.heading(level: 1, text: text, p), height: p.height, spaceBefore: 18, keepWithNext: true)]
        case let .subtitle(text):
            let p = paragraph(text, inBox == .framed ? s.boxTitle : s.h2, width: width, isTitle: true)
            return [FicheItem(.heading(level: 2, text: text, p), height: p.height, spaceBefore: 14, keepWithNext: true)]
        case let .paragraph(text):
            return [paragraphItem(text, width: width, inBox: inBox, isFirst: isFirst)]
        case let .list(entries):
            return listItems(entries, width: width, inBox: inBox)
        case let .caption(text):
            let p = paragraph(text, s.caption, width: width - 16)
            return [FicheItem(.caption(p), height: p.height + 10, spaceBefore: 5)]
        case let .note(text):
            let p = paragraph(text, s.note, width: width)
            return [FicheItem(.note(p), height: p.height, spaceBefore: 6)]
        case .partnersChart:
            return [chartItem(.partners, height: 220, bounds: 180...230)]
        case .activitiesChart:
            return [chartItem(.activities, height: 260, bounds: 200...330)]
        case .departementsChart:
            // Rows at their full height (20 pt; 17 pt past eight, as the partners' ten; 15 past
            // ten) plus the column headings and the legend, and no taller: a région of four
            // départements leaves no blank band under its bars, one of thirteen keeps its page.
            let row = departementRows > 10 ? 15.0 : departementRows > 8 ? 17 : 20
            let height = 34 + row * Double(departementRows)
            return [chartItem(.departements, height: height, bounds: (height - 6)...height)]
        case .yearsChart:
            return [chartItem(.years, height: 220, bounds: 170...400)]
        case let .sankey(flow, territory, left, right):
            var item = chartItem(.sankey(flow: flow, territory: territory, leftHeading: left, rightHeading: right),
                                 height: 280, bounds: 230...560)
            item.flow.extraHeight = ChartBlock.sankeyHeadingHeight
            return [item]
        case let .box(title, blocks):
            return [framedBox(title: title, blocks, width: width)]
        case let .totals(blocks):
            return [totalsBox(blocks, width: width)]
        case .bottom:
            var item = FicheItem(.bottom, height: 0, spaceBefore: 0)
            item.flow.pinsRestToBottom = true
            return [item]
        case .signOff:
            return [FicheItem(.signOff, height: SignOff.height, spaceBefore: 0)]
        case let .coverTitle(title, subtitle):
            let t = paragraph(title, s.coverTitle, width: width * 0.85, isTitle: true)
            let st = paragraph(subtitle, s.coverSubtitle, width: width, isTitle: true)
            return [FicheItem(.coverTitle(title: t, subtitle: st, plain: title), height: t.height + 8 + st.height + 16, spaceBefore: 80)]
        }
    }

    func paragraphItem(_ text: String, width: Double, inBox: FicheItem.BoxKind?, isFirst: Bool) -> FicheItem {
        let style: TextStyle
        switch inBox {
        case .totals: style = isFirst ? styles.totalsLead : styles.totalsDetail
        case .framed: style = styles.boxBody
        case nil: style = styles.body
        }
        let p = paragraph(text, style, width: width, hyphenate: inBox != .totals)
        var item = FicheItem(.paragraph(p), height: p.height, spaceBefore: isFirst ? 0 : (inBox == .totals ? 3 : 7))
        item.flow.lines = LineBoxes(tops: p.lines.map(\.top), heights: p.lines.map(\.height))
        return item
    }

    func listItems(_ entries: [String], width: Double, inBox: FicheItem.BoxKind?) -> [FicheItem] {
        let indent = 12.0
        let style = inBox == .framed ? styles.boxBody : styles.listBody
        let bullet = ParagraphLayout(engine: engine, text: RichText("•"), style: style.colored(theme.blueFrance), width: indent)
        return entries.enumerated().map { k, entry in
            let p = paragraph(entry, style, width: width - indent)
            return FicheItem(.listItem(p, bullet: bullet, indent: indent, first: k == 0, last: k == entries.count - 1),
                             height: p.height, spaceBefore: k == 0 ? 6 : 3)
        }
    }

    func chartItem(_ chart: FicheChart, height: Double, bounds: ClosedRange<Double>) -> FicheItem {
        var item = FicheItem(.chart(chart), height: height, spaceBefore: 6)
        item.flow.flexible = bounds
        return item
    }

    /// Inner padding of the framed box and of the totals box.
    static let framedPadding = 10.0, totalsPadding = 9.0

    func framedBox(title: String, _ blocks: [TemplateBlock], width: Double) -> FicheItem {
        let pad = Self.framedPadding
        let t = title.isEmpty ? nil : paragraph(title, styles.boxTitle, width: width - 2 * pad, isTitle: true)
        let children = items(blocks, width: width - 2 * pad, inBox: .framed)
        var h = 2 * pad + (t.map { $0.height + 4 } ?? 0)
        for (k, c) in children.enumerated() { h += c.flow.height + (k == 0 ? 0 : c.flow.spaceBefore) }
        return FicheItem(.box(.framed, title: t, children: children), height: h, spaceBefore: 12)
    }

    func totalsBox(_ blocks: [TemplateBlock], width: Double) -> FicheItem {
        let pad = Self.totalsPadding
        let children = items(blocks, width: width - 2 * pad - 4, inBox: .totals)
        var h = 2 * pad
        for (k, c) in children.enumerated() { h += c.flow.height + (k == 0 ? 0 : c.flow.spaceBefore) }
        return FicheItem(.box(.totals, title: nil, children: children), height: h, spaceBefore: 8)
    }
}
