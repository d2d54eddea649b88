import Canvas
import Charts
import TradeData

/// Draws one chart where a page (the fiche, the chart sheet) or a web drawing puts it: lays the
/// chart out in its frame and paints it as a figure, or — a Sankey with no flow at all — says
/// «Aucun flux à représenter» instead of leaving a blank. Returns the layout, for the dumps.
struct ChartBlock {
    /// Height of a Sankey's column headings ("Produits", "Pays de destination") in the fiche,
    /// drawn at the top of its frame above the diagram.
    static let sankeyHeadingHeight = 12.0
    /// What a Sankey without any flow shows.
    static let noFlowMessage = "Aucun flux à représenter"

    /// The column headings of a Sankey drawn at the top of its frame, as part of the figure.
    struct SankeyHeadings {
        var left: String
        var right: String
        var style: TextStyle
    }

    /// How the no-flow message is set: centred in the frame (pages) or from its left edge at
    /// mid-height (the web charts).
    struct NoFlowNote {
        var style: TextStyle
        var centered = true
    }

    let context: GraphicsContext
    let measurer: PangoTextMeasurer
    let theme: ChartTheme

    var painter: ChartPainter { ChartPainter(context: context, measurer: measurer, theme: theme) }

    /// The partner balance bars in `frame`.
    @discardableResult
    func drawPartners(_ input: BalanceBarsInput, in frame: ChartRect) -> BalanceBarsLayout {
        let layout = BalanceBarsLayoutEngine(measurer: measurer).layout(input, in: frame)
        context.tagged(.figure) { painter.paint(layout) }
        return layout
    }

    /// The years chart in `frame`.
    @discardableResult
    func drawYears(_ input: YearsChartInput, in frame: ChartRect) -> YearsChartLayout {
        let layout = YearsChartLayoutEngine(measurer: measurer).layout(input, in: frame)
        context.tagged(.figure) { painter.paint(layout) }
        return layout
    }

    /// The activity treemap in `frame`.
    @discardableResult
    func drawActivities(_ input: TreemapInput, in frame: ChartRect) -> TreemapLayout {
        let layout = TreemapLayoutEngine(measurer: measurer).layout(input, in: frame)
        context.tagged(.figure) { painter.paint(layout) }
        return layout
    }

    /// The Sankey of `flow` in `frame`, with `headings` in its top `sankeyHeadingHeight` when
    /// given (drawn only with a diagram), or `noFlow` when the input has no flow. `shared`: a
    /// Sankey other fiches show alike, laid out once (see `PangoTextMeasurer.sankeyLayout`).
    @discardableResult
    func drawSankey(_ input: SankeyInput, flow: TradeFlow, in frame: ChartRect, headings: SankeyHeadings? = nil,
                    noFlow: NoFlowNote, grid: SankeyGrid.Insets? = nil, shared: Bool = false) -> SankeyLayout {
        let diagramFrame = Self.sankeyDiagramFrame(frame, hasHeadings: headings != nil)
        let layout = measurer.sankeyLayout(input, in: diagramFrame, minimumInsets: grid, shared: shared)
        if layout.nodes.isEmpty {
            // No flow at all (a territory without exports or imports): say so, never a blank.
            drawNoFlow(noFlow, in: headings == nil ? diagramFrame : frame)
            return layout
        }
        context.tagged(.figure) {
            if let headings {
                drawColumnHeadings(headings.left, headings.right, style: headings.style, x: frame.x, y: frame.y, width: frame.width)
            }
            painter.paint(layout, flow: flow == .exports ? .exports : .imports)
        }
        return layout
    }

    /// Where the diagram of a Sankey drawn in `frame` goes: below its column headings, if any.
    static func sankeyDiagramFrame(_ frame: ChartRect, hasHeadings: Bool) -> ChartRect {
        hasHeadings ? ChartRect(x: frame.x, y: frame.y + sankeyHeadingHeight, width: frame.width, height: frame.height - sankeyHeadingHeight)
            : frame
    }

    /// A Sankey's column headings on one line: `left` from `x`, `right` ending at `x + width`;
    /// an empty heading is not drawn.
    func drawColumnHeadings(_ left: String, _ right: String, style: TextStyle, x: Double, y: Double, width: Double) {
        if !left.isEmpty { context.draw(left, style: style, at: CanvasPoint(x, y)) }
        if !right.isEmpty {
            let w = context.measure(right, style: style).size.width
            context.draw(right, style: style, at: CanvasPoint(x + width - w, y))
        }
    }

    func drawNoFlow(_ note: NoFlowNote, in frame: ChartRect) {
        guard note.centered else {
            context.draw(Self.noFlowMessage, style: note.style, at: CanvasPoint(frame.x, frame.midY))
            return
        }
        let m = context.measure(Self.noFlowMessage, style: note.style)
        context.draw(Self.noFlowMessage, style: note.style,
                     at: CanvasPoint(frame.midX - m.size.width / 2, frame.midY - m.size.height / 2))
    }
}
