/// A flow between a left node and a right node.
package struct SankeyFlowInput: Hashable, Sendable {
    package var from: String
    package var to: String
    /// Value in euros.
    package var value: Double
    /// Whether the flow is one of the highlighted (red) main flows.
    var highlight: Bool
    package init(from: String, to: String, value: Double, highlight: Bool = false) {
        self.from = from; self.to = to; self.value = value; self.highlight = highlight
    }
}

/// A two-column Sankey: left nodes, right nodes and the flows between them.
package struct SankeyInput: Hashable, Sendable {
    package var left: [ChartItem]
    package var right: [ChartItem]
    package var flows: [SankeyFlowInput]
    package init(left: [ChartItem], right: [ChartItem], flows: [SankeyFlowInput]) {
        self.left = left; self.right = right; self.flows = flows
    }
}

/// Settings of the Sankey layout, named after what they do (as in d3-sankey).
package struct SankeyOptions: Hashable, Sendable {
    /// Width of the node bars.
    var nodeWidth: Double = 7
    /// Vertical gap between nodes when there is room.
    var nodePadding: Double = 8
    /// The most of the column height padding may take when a column is crowded (padding shrinks).
    var maxPaddingShare: Double = 0.3
    /// The least height of a node, so tiny nodes stay visible.
    var minNodeHeight: Double = 1.5
    /// Gap between a node and its label.
    var labelGap: Double = 5
    /// The largest share of the chart width a label column may take.
    var maxLabelColumnShare: Double = 0.32
    /// Font of node names.
    var nameFont = ChartFont(size: 7.5)
    /// Font of node values.
    var valueFont = ChartFont(size: 7.5, weight: .semibold)
    /// Smallest font labels may shrink to before the labels of the smallest nodes are hidden.
    var minFontSize: Double = 6
    /// Vertical gap between two labels.
    var labelSpacing: Double = 1.5
    /// Horizontal reach of the ribbon control points, as a share of the gap between columns.
    var curvature: Double = 0.5
    init() {}
}

/// Which column a node is in.
enum SankeySide: String, Hashable, Sendable, Codable {
    case left, right
}

/// A laid-out node.
package struct SankeyNode: Hashable, Sendable {
    var side: SankeySide
    var code: String
    var label: String
    /// Sum of the node's flows, in euros.
    var value: Double
    package var isOther: Bool
    /// The node bar.
    package var rect: ChartRect
    /// Name and value labels (empty when hidden for lack of room, see `SankeyLayout.hiddenLabels`).
    package var labels: [LabelBox]
    /// A short leader line from the label to the node when the label had to move away from it.
    package var leader: [ChartPoint]?
}

/// A laid-out flow: a band of constant width from a left node to a right node.
package struct SankeyLink: Hashable, Sendable {
    var from: String
    var to: String
    var value: Double
    package var highlight: Bool
    /// Band width (∝ value).
    var width: Double
    /// Top edge of the band, from the left node to the right node.
    package var top: CubicBezier
    /// Bottom edge of the band, from the right node back to the left node.
    package var bottom: CubicBezier
    /// Vertical extent of the band at the left and right nodes.
    var sourceY: ClosedRange<Double>
    var targetY: ClosedRange<Double>
}

/// The geometry of a two-column Sankey.
package struct SankeyLayout: Hashable, Sendable {
    var frame: ChartRect
    /// Nodes, left column top to bottom then right column top to bottom.
    package var nodes: [SankeyNode]
    /// Links in drawing order: neutral ones first, highlighted ones last (on top).
    package var links: [SankeyLink]
    /// Points per euro, shared by every node and link.
    var scale: Double
    /// Codes of nodes whose labels could not be placed at the smallest font (too many nodes).
    var hiddenLabels: [String]
    /// What the input held that cannot be drawn (zero or negative values, unknown codes).
    var omitted: [String]

    /// Every placed label.
    var labels: [LabelBox] { nodes.flatMap(\.labels) }
}

/// Which trade flow a Sankey draws: it gives the node bars their colour (exports violet, imports
/// blue, as in every chart of the fiche).
package enum SankeyFlowDirection: String, Hashable, Sendable, Codable {
    case exports, imports
}
