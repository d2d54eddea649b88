import Canvas
import Charts

/// The colours of the charts (French State design system).
package struct ChartTheme: Sendable {
    /// Blue France, for Sankey nodes and titles.
    var blueFrance = Color(hex: 0x000091)
    /// Red Marianne, for the page furniture (rules under titles, the demo mark).
    var redMarianne = Color(hex: 0xE1000F)
    /// Body text.
    var text = Color(hex: 0x161616)
    /// Secondary text (values, legends).
    var muted = Color(hex: 0x4A4A4A)
    /// Neutral Sankey ribbons.
    var neutralFlow = Color(hex: 0x8E93A8, alpha: 0.38)
    /// Highlighted Sankey ribbons (the five largest flows): a dark shade of the flow's own
    /// colour, so that no third hue (red read as a deficit) enters the chart.
    var highlightExports = Color(hex: 0x5E2A5B, alpha: 0.85)
    var highlightImports = Color(hex: 0x2A2AA6, alpha: 0.85)
    var highlightFlow = Color(hex: 0x000091, alpha: 0.72)
    /// Imports, in every chart: bars, tiles, Sankey nodes, years. One shade, dark enough for
    /// white labels (5,1:1; the lighter #6A6AF4 gave 4,2:1, under WCAG's 4,5:1 for small text).
    var imports = Color(hex: 0x5C5CE8)
    /// Exports, in every chart (white labels at 5,3:1).
    var exports = Color(hex: 0x9A5196)
    /// Positive balance (DSFR success green).
    var positive = Color(hex: 0x18753C)
    /// Negative balance (DSFR error red).
    var negative = Color(hex: 0xCE0500)
    /// The "Autres" tiles of the treemap, light (dark labels).
    var importOther = Color(hex: 0xCACAFB)
    var exportOther = Color(hex: 0xE3CFE1)
    /// Row stripes and axis of the bars.
    var stripe = Color(hex: 0xF3F3F8)
    var axis = Color(hex: 0x3A3A3A)

    init() {}

    /// Fill of a treemap tile.
    func tileColor(_ tile: TreemapTile) -> Color {
        // One shade a flow, as in the other charts; tiles are told apart by their white gaps.
        if tile.isOther { return tile.part == .imports ? importOther : exportOther }
        return tile.part == .imports ? imports : exports
    }
}

/// Paints chart geometry (from Charts) onto a Canvas context. Holds no state of its own beyond the
/// theme and the measurer whose fonts the layouts were computed with.
package struct ChartPainter {
    let context: GraphicsContext
    let measurer: PangoTextMeasurer
    var theme: ChartTheme

    package init(context: GraphicsContext, measurer: PangoTextMeasurer, theme: ChartTheme = ChartTheme()) {
        self.context = context
        self.measurer = measurer
        self.theme = theme
    }

    func canvasRect(_ r: ChartRect) -> CanvasRect { CanvasRect(x: r.x, y: r.y, width: r.width, height: r.height) }
    func canvasPoint(_ p: ChartPoint) -> CanvasPoint { CanvasPoint(p.x, p.y) }

    /// Draws one label, in `color` or the colour of its role.
    func draw(_ label: LabelBox, color: Color? = nil) {
        let c = color ?? roleColor(label.role)
        let style = measurer.style(label.font).colored(c)
        if label.rotated {
            context.withState {
                context.translate(label.rect.x, label.rect.maxY)
                context.rotate(-Double.pi / 2)
                context.drawLine(label.text, style: style, at: CanvasPoint(0, 0))
            }
        } else {
            context.drawLine(label.text, style: style, at: CanvasPoint(label.rect.x, label.rect.y))
        }
    }

    func roleColor(_ role: LabelRole) -> Color {
        switch role {
        case .name: return theme.text
        case .value: return theme.muted
        case .title: return theme.blueFrance
        case .positive: return theme.positive
        case .negative: return theme.negative
        case .legend: return theme.muted
        }
    }

    /// Draws a Sankey: ribbons (highlighted ones last), node bars, leader lines and labels. The
    /// node bars take the flow's colour (exports violet, imports blue, as in every chart of the
    /// fiche); blue France when the flow is not given.
    package func paint(_ s: SankeyLayout, flow: SankeyFlowDirection? = nil) {
        let nodeColor: Color, highlight: Color
        switch flow {
        case .exports?: (nodeColor, highlight) = (theme.exports, theme.highlightExports)
        case .imports?: (nodeColor, highlight) = (theme.imports, theme.highlightImports)
        case nil: (nodeColor, highlight) = (theme.blueFrance, theme.highlightFlow)
        }
        for link in s.links {
            context.newPath()
            context.move(to: canvasPoint(link.top.start))
            context.curve(to: canvasPoint(link.top.end), control1: canvasPoint(link.top.control1), control2: canvasPoint(link.top.control2))
            context.line(to: canvasPoint(link.bottom.start))
            context.curve(to: canvasPoint(link.bottom.end), control1: canvasPoint(link.bottom.control1), control2: canvasPoint(link.bottom.control2))
            context.closePath()
            context.fill(link.highlight ? highlight : theme.neutralFlow)
        }
        for node in s.nodes {
            context.fill(canvasRect(node.rect), node.isOther ? nodeColor.lightened(0.45) : nodeColor)
            if let leader = node.leader, leader.count >= 2 {
                context.strokeLine(from: canvasPoint(leader[0]), to: canvasPoint(leader[1]), theme.muted.withAlpha(0.6),
                                   style: StrokeStyle(width: 0.4))
            }
            for label in node.labels { draw(label) }
        }
    }

    /// Draws the treemap: tiles with a white gap between them, titles, labels in a readable colour.
    package func paint(_ t: TreemapLayout) {
        for tile in t.tiles {
            let fill = theme.tileColor(tile)
            context.newPath()
            context.rectangle(canvasRect(tile.rect))
            context.fill(fill, preserve: true)
            context.stroke(.white, style: StrokeStyle(width: 1.2))
            let ink: Color = fill.luminance < 0.3 ? .white : theme.text
            if tile.leader != nil { continue }
            for label in tile.labels {
                draw(label, color: ink)  // full ink: a faded label would fall under 4,5:1
            }
        }
        // Callouts, over every tile: the number under the tiles, joined to its tile.
        for tile in t.tiles {
            guard let leader = tile.leader, leader.count >= 2 else { continue }
            for (a, b) in zip(leader, leader.dropFirst()) {
                context.strokeLine(from: canvasPoint(a), to: canvasPoint(b), theme.text, style: StrokeStyle(width: 0.4))
            }
            for label in tile.labels { draw(label, color: theme.text) }
        }
        for part in t.parts {
            for label in part.titleLabels {
                let color = label.role == .title ? (part.part == .imports ? theme.imports : theme.exports) : theme.text
                draw(label, color: color)
            }
        }
        // The key of the numbered tiles: the number (and a part's heading) in bold, in its part's
        // colour, then name, value, share.
        for entry in t.key {
            for label in entry.labels {
                draw(label, color: label.font.weight == .bold ? (entry.part == .imports ? theme.imports : theme.exports) : theme.text)
            }
        }
    }

    /// Draws the partner balance bars: stripes, bars, axis, labels, headers and legend.
    package func paint(_ b: BalanceBarsLayout) {
        for (i, row) in b.rows.enumerated() where i % 2 == 0 {
            context.fill(canvasRect(row.rowRect), theme.stripe)
        }
        for row in b.rows {
            if row.importBar.width > 0 { context.fill(canvasRect(row.importBar), theme.imports) }
            if row.exportBar.width > 0 { context.fill(canvasRect(row.exportBar), theme.exports) }
            for label in row.labels { draw(label) }
        }
        context.strokeLine(from: CanvasPoint(b.axisX, b.axisY.lowerBound - 2), to: CanvasPoint(b.axisX, b.axisY.upperBound + 2),
                           theme.axis, style: StrokeStyle(width: 0.6))
        for h in b.headers { draw(h) }
        for item in b.legend {
            let r = canvasRect(item.swatchRect)
            switch item.swatch {
            case .imports: context.fill(r, theme.imports)
            case .exports: context.fill(r, theme.exports)
            case .surplus: context.fill(r, theme.positive)
            case .deficit: context.fill(r, theme.negative)
            }
            draw(item.label)
        }
    }
}
