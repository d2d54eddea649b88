/// Lays out a two-column Sankey (products → countries or countries → products).
///
/// Passes, after d3-sankey but exact for two fixed columns (each is a function below):
/// 1. node values (`computeNodeValues`): flows without a value or with an unknown end dropped, the
///    rest merged per pair of nodes; a node's value is the sum of its flows, so inflow = outflow;
/// 2. columns (`computeColumn`): nodes without flow dropped, each column sorted by value, "Autres"
///    last (a fixed order, no relaxation needed);
/// 3. vertical scale (`SankeyColumnSpacing.sharedScale`, d3's `ky`): one scale for both columns,
///    that of the fuller one, solved with the padding shrunk when a column is crowded and tiny
///    nodes raised to a minimum height;
/// 4. node positions (d3's computeNodeBreadths, without relaxation: `SankeyColumnSpacing.nodeRects`
///    for y, then x once the label columns' widths are known);
/// 5. link breadths (`computeLinkBreadths`): at each node, ribbon ends stacked in the order of the
///    node at the other end, so the only crossings left are those the two orders force;
/// 6. label placement (SankeyLabels.swift): labels measured, shortened with an ellipsis to fit
///    their column, and placed as close to their node as possible without overlapping (exact 1-D
///    least-squares placement), name and value on one row; fonts shrink, then long names stop wrapping, before any
///    label is hidden.
package struct SankeyLayoutEngine {
    var options: SankeyOptions
    var measurer: TextMeasurer

    package init(options: SankeyOptions = SankeyOptions(), measurer: TextMeasurer) {
        self.options = options
        self.measurer = measurer
    }

    /// Lays out `input` in `frame`. `minimumInsets`: the least distance from the frame's left
    /// edge to the left node bars and from the right node bars to its right edge, so that
    /// Sankeys drawn one above the other put their node columns on one grid (the widest
    /// label columns of them all).
    package func layout(_ input: SankeyInput, in frame: ChartRect, minimumInsets: (left: Double, right: Double)? = nil) -> SankeyLayout {
        let graph = Self.computeGraph(input)
        let left = graph.left, right = graph.right
        let spacing = SankeyColumnSpacing(height: frame.height, options: options)
        let k = spacing.sharedScale(left.values, right.values)
        // Vertical positions first; the x of the node bars waits for the label columns.
        var leftRects = spacing.nodeRects(left.values, scale: k, top: frame.y)
        var rightRects = spacing.nodeRects(right.values, scale: k, top: frame.y)

        // Labels are planned vertically first (their heights do not depend on the text), which
        // decides the label form and so the width of the label columns and the node positions.
        var hidden: [String] = []
        let leftPlan = planLabels(left, leftRects, frame: frame, hidden: &hidden)
        let rightPlan = planLabels(right, rightRects, frame: frame, hidden: &hidden)
        var leftLabelWidth = labelColumnWidth(left, leftPlan, frame: frame)
        var rightLabelWidth = labelColumnWidth(right, rightPlan, frame: frame)
        if let minimumInsets {
            leftLabelWidth = max(leftLabelWidth, minimumInsets.left - options.labelGap)
            rightLabelWidth = max(rightLabelWidth, minimumInsets.right - options.labelGap)
        }
        let leftX = frame.x + leftLabelWidth + options.labelGap
        let rightX = frame.maxX - rightLabelWidth - options.labelGap - options.nodeWidth
        for i in leftRects.indices { leftRects[i].x = leftX }
        for i in rightRects.indices { rightRects[i].x = rightX }

        let links = Self.computeLinkBreadths(graph, leftRects: leftRects, rightRects: rightRects, scale: k,
                                             from: leftX + options.nodeWidth, to: rightX, curvature: options.curvature)
        let leftLabels = labelBoxes(left, leftRects, leftPlan, columnX: frame.x, columnWidth: leftLabelWidth)
        let rightLabels = labelBoxes(right, rightRects, rightPlan, columnX: rightX + options.nodeWidth + options.labelGap,
                                     columnWidth: rightLabelWidth)
        var nodes: [SankeyNode] = []
        for (c, rects, labels) in [(left, leftRects, leftLabels), (right, rightRects, rightLabels)] {
            for (i, n) in c.nodes.enumerated() {
                nodes.append(SankeyNode(side: c.side, code: n.code, label: n.label, value: c.values[i], isOther: n.isOther,
                                        rect: rects[i], labels: labels[i].boxes, leader: labels[i].leader))
            }
        }
        return SankeyLayout(frame: frame, nodes: nodes, links: links, scale: k, hiddenLabels: hidden, omitted: graph.omitted)
    }
}

/// One column of nodes, top to bottom, with the values the layout gives them.
struct SankeyColumn: Hashable, Sendable {
    var side: SankeySide
    var nodes: [ChartItem]
    /// Each node's value: the sum of its flows, in euros.
    var values: [Double]
}

/// The graph a Sankey draws: its flows cleaned and merged, its nodes valued and ordered.
struct SankeyGraph: Hashable, Sendable {
    /// Flows with a value and known ends, one per pair of nodes, in input order.
    var flows: [SankeyFlowInput]
    var left: SankeyColumn
    var right: SankeyColumn
    /// What the input held that cannot be drawn, flows first, then left and right nodes.
    var omitted: [String]
}

extension SankeyLayoutEngine {
    /// Passes 1 and 2: node values, then the two columns.
    static func computeGraph(_ input: SankeyInput) -> SankeyGraph {
        var omitted: [String] = []
        let flows = mergedFlows(input, omitted: &omitted)
        let values = computeNodeValues(flows)
        let left = computeColumn(.left, input.left, values: values.outflow, omitted: &omitted)
        let right = computeColumn(.right, input.right, values: values.inflow, omitted: &omitted)
        return SankeyGraph(flows: flows, left: left, right: right, omitted: omitted)
    }

    /// The flows that can be drawn: a positive finite value, a known left node and a known right
    /// node; two flows between the same nodes become one (highlighted if either was).
    static func mergedFlows(_ input: SankeyInput, omitted: inout [String]) -> [SankeyFlowInput] {
        let leftCodes = Set(input.left.map(\.code)), rightCodes = Set(input.right.map(\.code))
        var flows: [SankeyFlowInput] = []
        var merged: [String: Int] = [:]
        for f in input.flows {
            guard f.value.isFinite, f.value > 0 else { omitted.append("flow \(f.from)→\(f.to): no value"); continue }
            guard leftCodes.contains(f.from), rightCodes.contains(f.to) else {
                omitted.append("flow \(f.from)→\(f.to): unknown node"); continue
            }
            let key = f.from + "\u{0}" + f.to
            if let i = merged[key] {
                flows[i].value += f.value
                flows[i].highlight = flows[i].highlight || f.highlight
            } else {
                merged[key] = flows.count
                flows.append(f)
            }
        }
        return flows
    }

    /// Pass 1 (d3's computeNodeValues): the value of a left node is the sum of the flows leaving
    /// it, that of a right node the sum of the flows reaching it.
    static func computeNodeValues(_ flows: [SankeyFlowInput]) -> (outflow: [String: Double], inflow: [String: Double]) {
        var outflow: [String: Double] = [:], inflow: [String: Double] = [:]
        for f in flows { outflow[f.from, default: 0] += f.value; inflow[f.to, default: 0] += f.value }
        return (outflow, inflow)
    }

    /// Pass 2 (d3's computeNodeDepths, fixed here to two columns): a column's nodes with a flow,
    /// each code once, sorted by value descending, ties by code, "Autres" last.
    static func computeColumn(_ side: SankeySide, _ nodes: [ChartItem], values: [String: Double],
                              omitted: inout [String]) -> SankeyColumn {
        var seen = Set<String>()
        var kept: [(ChartItem, Double)] = []
        for n in nodes where !seen.contains(n.code) {
            seen.insert(n.code)
            let v = values[n.code] ?? 0
            if v > 0 { kept.append((n, v)) } else { omitted.append("\(side.rawValue) node \(n.code): no flow") }
        }
        kept.sort { a, b in
            if a.0.isOther != b.0.isOther { return !a.0.isOther }
            if a.1 != b.1 { return a.1 > b.1 }
            return a.0.code < b.0.code
        }
        return SankeyColumn(side: side, nodes: kept.map(\.0), values: kept.map(\.1))
    }

    /// Pass 5 (d3's computeLinkBreadths): each flow's band, its ends stacked at the source in the
    /// order of the targets and at the target in the order of the sources, each stack centred on
    /// its node (a node raised to the minimum height is taller than its flows). Links come in
    /// drawing order: neutral first (largest first), highlighted last (largest on top). Ribbons
    /// run from `x0` (the left bars' right edge) to `x1` (the right bars' left edge).
    static func computeLinkBreadths(_ graph: SankeyGraph, leftRects: [ChartRect], rightRects: [ChartRect],
                                    scale k: Double, from x0: Double, to x1: Double, curvature: Double) -> [SankeyLink] {
        let flows = graph.flows
        let sourceY = stackedEnds(flows, at: graph.left, rects: leftRects, scale: k,
                                  node: \.from, otherEnd: \.to, otherColumn: graph.right)
        let targetY = stackedEnds(flows, at: graph.right, rects: rightRects, scale: k,
                                  node: \.to, otherEnd: \.from, otherColumn: graph.left)
        let reach = (x1 - x0) * curvature
        var links: [SankeyLink] = []
        for (i, f) in flows.enumerated() {
            let w = f.value * k
            let s = sourceY[i], t = targetY[i]
            let top = CubicBezier(start: ChartPoint(x0, s), control1: ChartPoint(x0 + reach, s),
                                  control2: ChartPoint(x1 - reach, t), end: ChartPoint(x1, t))
            let bottom = CubicBezier(start: ChartPoint(x1, t + w), control1: ChartPoint(x1 - reach, t + w),
                                     control2: ChartPoint(x0 + reach, s + w), end: ChartPoint(x0, s + w))
            links.append(SankeyLink(from: f.from, to: f.to, value: f.value, highlight: f.highlight, width: w,
                                    top: top, bottom: bottom, sourceY: s...(s + w), targetY: t...(t + w)))
        }
        links.sort { a, b in
            if a.highlight != b.highlight { return !a.highlight }
            if a.value != b.value { return a.value > b.value }
            return (a.from, a.to) < (b.from, b.to)
        }
        return links
    }

    /// The top of each flow's band at its end in `column`: bands stacked down each node in the
    /// order of the node at the other end (then of that node's own order), from the top of the
    /// stack centred on the node.
    static func stackedEnds(_ flows: [SankeyFlowInput], at column: SankeyColumn, rects: [ChartRect], scale k: Double,
                            node: KeyPath<SankeyFlowInput, String>, otherEnd: KeyPath<SankeyFlowInput, String>,
                            otherColumn: SankeyColumn) -> [Double] {
        let index = Dictionary(uniqueKeysWithValues: column.nodes.enumerated().map { ($0.element.code, $0.offset) })
        let otherIndex = Dictionary(uniqueKeysWithValues: otherColumn.nodes.enumerated().map { ($0.element.code, $0.offset) })
        // Every drawn flow's ends are nodes of their columns (computeGraph keeps no other).
        let here = flows.map { index[$0[keyPath: node]] ?? 0 }, there = flows.map { otherIndex[$0[keyPath: otherEnd]] ?? 0 }
        var stackTop = rects.indices.map { rects[$0].y + (rects[$0].height - column.values[$0] * k) / 2 }
        var ends = [Double](repeating: 0, count: flows.count)
        for i in flows.indices.sorted(by: { (here[$0], there[$0]) < (here[$1], there[$1]) }) {
            ends[i] = stackTop[here[i]]
            stackTop[here[i]] += flows[i].value * k
        }
        return ends
    }
}

/// Pass 3 and the vertical half of pass 4: the room between nodes and the least node height,
/// both shrinking in a crowded column, and the one scale (points per euro) both columns share.
struct SankeyColumnSpacing {
    /// Height of the chart's frame.
    var height: Double
    var options: SankeyOptions

    /// The gap between nodes: the padding, shrunk when a column of `count` nodes would give it
    /// more than its share of the height.
    func padding(_ count: Int) -> Double {
        count > 1 ? min(options.nodePadding, options.maxPaddingShare * height / Double(count - 1)) : 0
    }

    /// The minimum node height, lowered when a column has so many nodes that it could not fit.
    func minHeight(_ count: Int) -> Double {
        count > 0 ? min(options.minNodeHeight, max(0, height - padding(count) * Double(count - 1)) / Double(count) / 2) : 0
    }

    /// The scale that fills the height with a column of `values`: solves Σ max(v·k, minH) =
    /// available, nodes under the minimum being fixed at it (infinite for an empty column).
    func scale(filling values: [Double]) -> Double {
        let n = values.count
        guard n > 0 else { return .infinity }
        let available = height - padding(n) * Double(n - 1)
        let minH = minHeight(n)
        var small = Set<Int>()
        var k = 0.0
        // The set of nodes held at the minimum settles within n + 1 rounds.
        for _ in 0...n {
            let fixed = Double(small.count) * minH
            let rest = values.enumerated().filter { !small.contains($0.offset) }.map(\.element).reduce(0, +)
            k = rest > 0 ? max(0, available - fixed) / rest : 0
            let newSmall = Set(values.indices.filter { values[$0] * k < minH })
            if newSmall == small { break }
            small = newSmall
        }
        return k
    }

    /// Pass 3: one scale for both columns, that of the fuller one (0 when both are empty).
    func sharedScale(_ left: [Double], _ right: [Double]) -> Double {
        let k = min(scale(filling: left), scale(filling: right))
        return k.isFinite ? k : 0
    }

    /// The node bars of a column at x = 0, from `top`: heights ∝ values (at least the minimum);
    /// spare room goes into the gaps (up to 1.5× the padding), the rest centres the column.
    func nodeRects(_ values: [Double], scale k: Double, top: Double) -> [ChartRect] {
        let n = values.count
        guard n > 0 else { return [] }
        let minH = minHeight(n)
        let heights = values.map { max($0 * k, minH) }
        let used = heights.reduce(0, +)
        var pad = padding(n)
        var spare = height - used - pad * Double(n - 1)
        if n > 1 && spare > 0 {
            let extra = min(spare / Double(n - 1), options.nodePadding * 1.5 - pad)
            if extra > 0 { pad += extra; spare -= extra * Double(n - 1) }
        }
        var y = top + max(0, spare) / 2
        var rects: [ChartRect] = []
        for h in heights {
            rects.append(ChartRect(x: 0, y: y, width: options.nodeWidth, height: h))
            y += h + pad
        }
        return rects
    }
}
