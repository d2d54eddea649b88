import FrenchNumbers

/// A node of a two-column Sankey diagram, as given by the caller.
package struct SankeyNodeInput: Hashable, Sendable {
    /// A stable code (product or country code, "AUTRES" for the rest).
    package var code: String
    /// The name shown on the chart.
    package var label: String
    /// The value the caller knows for the node, in euros (informative: the layout sizes nodes
    /// by the sum of their flows, so that what enters a node always equals what leaves it).
    package var value: Double
    /// Whether this is the "Autres" node (always placed last in its column).
    package var isOther: Bool

    package init(code: String, label: String, value: Double, isOther: Bool? = nil) {
        self.code = code; self.label = label; self.value = value
        self.isOther = isOther ?? (code.uppercased() == "AUTRES")
    }
}

/// A flow between a left node and a right node.
package struct SankeyFlowInput: Hashable, Sendable {
    package var from: String
    package var to: String
    /// Value in euros.
    package var value: Double
    /// Whether the flow is one of the highlighted (red) main flows.
    package var highlight: Bool
    package init(from: String, to: String, value: Double, highlight: Bool = false) {
        self.from = from; self.to = to; self.value = value; self.highlight = highlight
    }
}

/// A two-column Sankey: left nodes, right nodes and the flows between them.
package struct SankeyInput: Hashable, Sendable {
    package var left: [SankeyNodeInput]
    package var right: [SankeyNodeInput]
    package var flows: [SankeyFlowInput]
    package init(left: [SankeyNodeInput], right: [SankeyNodeInput], flows: [SankeyFlowInput]) {
        self.left = left; self.right = right; self.flows = flows
    }
}

/// Settings of the Sankey layout, named after what they do (as in d3-sankey).
package struct SankeyOptions: Hashable, Sendable {
    /// Width of the node bars.
    package var nodeWidth: Double = 7
    /// Vertical gap between nodes when there is room.
    package var nodePadding: Double = 8
    /// The most of the column height padding may take when a column is crowded (padding shrinks).
    package var maxPaddingShare: Double = 0.3
    /// The least height of a node, so tiny nodes stay visible.
    package var minNodeHeight: Double = 1.5
    /// Gap between a node and its label.
    package var labelGap: Double = 5
    /// The largest share of the chart width a label column may take.
    package var maxLabelColumnShare: Double = 0.32
    /// Font of node names.
    package var nameFont = ChartFont(size: 7.5)
    /// Font of node values.
    package var valueFont = ChartFont(size: 7.5, weight: .semibold)
    /// Smallest font labels may shrink to before the labels of the smallest nodes are hidden.
    package var minFontSize: Double = 6
    /// Vertical gap between two labels.
    package var labelSpacing: Double = 1.5
    /// Horizontal reach of the ribbon control points, as a share of the gap between columns.
    package var curvature: Double = 0.5
    package init() {}
}

/// Which column a node is in.
package enum SankeySide: String, Hashable, Sendable, Codable {
    case left, right
}

/// A laid-out node.
package struct SankeyNode: Hashable, Sendable {
    package var side: SankeySide
    package var code: String
    package var label: String
    /// Sum of the node's flows, in euros.
    package var value: Double
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
    package var from: String
    package var to: String
    package var value: Double
    package var highlight: Bool
    /// Band width (∝ value).
    package var width: Double
    /// Top edge of the band, from the left node to the right node.
    package var top: CubicBezier
    /// Bottom edge of the band, from the right node back to the left node.
    package var bottom: CubicBezier
    /// Vertical extent of the band at the left and right nodes.
    package var sourceY: ClosedRange<Double>
    package var targetY: ClosedRange<Double>
}

/// The geometry of a two-column Sankey.
package struct SankeyLayout: Hashable, Sendable {
    package var frame: ChartRect
    /// Nodes, left column top to bottom then right column top to bottom.
    package var nodes: [SankeyNode]
    /// Links in drawing order: neutral ones first, highlighted ones last (on top).
    package var links: [SankeyLink]
    /// Points per euro, shared by every node and link.
    package var scale: Double
    /// Codes of nodes whose labels could not be placed at the smallest font (too many nodes).
    package var hiddenLabels: [String]
    /// What the input held that cannot be drawn (zero or negative values, unknown codes).
    package var omitted: [String]

    /// Every placed label.
    package var labels: [LabelBox] { nodes.flatMap(\.labels) }
}

/// Lays out a two-column Sankey (products → countries or countries → products).
///
/// Steps, after d3-sankey but exact for two fixed columns:
/// 1. node values = sum of their flows (so inflow = outflow); zero flows and nodes dropped;
/// 2. each column sorted by value, "Autres" last (a fixed order, no relaxation needed);
/// 3. one vertical scale for both columns, solved with the padding shrunk when a column is crowded
///    and tiny nodes raised to a minimum height;
/// 4. at each node, ribbon ends stacked in the order of the node at the other end, so the only
///    crossings left are those the two orders force;
/// 5. labels measured, shortened with an ellipsis to fit their column, and placed as close to their
///    node as possible without overlapping (exact 1-D least-squares placement); fonts shrink, then
///    the two-line form becomes one line, before any label is hidden.
package struct SankeyLayoutEngine {
    package var options: SankeyOptions
    package var measurer: TextMeasurer

    package init(options: SankeyOptions = SankeyOptions(), measurer: TextMeasurer) {
        self.options = options
        self.measurer = measurer
    }

    private struct Column {
        var side: SankeySide
        var nodes: [SankeyNodeInput]
        var values: [Double]
    }

    /// Lays out `input` in `frame`.
    package func layout(_ input: SankeyInput, in frame: ChartRect) -> SankeyLayout {
        var omitted: [String] = []
        // 1. Clean the flows; node values from their flows.
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
        var outSum: [String: Double] = [:], inSum: [String: Double] = [:]
        for f in flows { outSum[f.from, default: 0] += f.value; inSum[f.to, default: 0] += f.value }

        func column(_ side: SankeySide, _ nodes: [SankeyNodeInput], _ sums: [String: Double]) -> Column {
            var seen = Set<String>()
            var kept: [(SankeyNodeInput, Double)] = []
            for n in nodes where !seen.contains(n.code) {
                seen.insert(n.code)
                let v = sums[n.code] ?? 0
                if v > 0 { kept.append((n, v)) } else { omitted.append("\(side.rawValue) node \(n.code): no flow") }
            }
            // 2. Sort: value descending, ties by code, "Autres" last.
            kept.sort { a, b in
                if a.0.isOther != b.0.isOther { return !a.0.isOther }
                if a.1 != b.1 { return a.1 > b.1 }
                return a.0.code < b.0.code
            }
            return Column(side: side, nodes: kept.map(\.0), values: kept.map(\.1))
        }
        let left = column(.left, input.left, outSum)
        let right = column(.right, input.right, inSum)

        // 3. One scale for both columns.
        let height = frame.height
        func padding(_ n: Int) -> Double {
            n > 1 ? min(options.nodePadding, options.maxPaddingShare * height / Double(n - 1)) : 0
        }
        // The minimum node height, lowered when a column has so many nodes that it could not fit.
        func minHeight(_ n: Int) -> Double {
            n > 0 ? min(options.minNodeHeight, max(0, height - padding(n) * Double(n - 1)) / Double(n) / 2) : 0
        }
        func scale(for c: Column) -> Double {
            let n = c.values.count
            guard n > 0 else { return .infinity }
            let available = height - padding(n) * Double(n - 1)
            let minH = minHeight(n)
            // Solve Σ max(v·k, minH) = available: nodes under the minimum are fixed at it.
            var small = Set<Int>()
            var k = 0.0
            for _ in 0...n {
                let fixed = Double(small.count) * minH
                let rest = c.values.enumerated().filter { !small.contains($0.offset) }.map(\.element).reduce(0, +)
                k = rest > 0 ? max(0, available - fixed) / rest : 0
                let newSmall = Set(c.values.indices.filter { c.values[$0] * k < minH })
                if newSmall == small { break }
                small = newSmall
            }
            return k
        }
        var k = min(scale(for: left), scale(for: right))
        if !k.isFinite { k = 0 }

        func place(_ c: Column, x: Double) -> [ChartRect] {
            let n = c.values.count
            guard n > 0 else { return [] }
            let minH = minHeight(n)
            let heights = c.values.map { max($0 * k, minH) }
            let used = heights.reduce(0, +)
            var pad = padding(n)
            var spare = height - used - pad * Double(n - 1)
            if n > 1 && spare > 0 {
                // Spread some spare room into the gaps (up to 1.5× the padding), centre the rest.
                let extra = min(spare / Double(n - 1), options.nodePadding * 1.5 - pad)
                if extra > 0 { pad += extra; spare -= extra * Double(n - 1) }
            }
            var y = frame.y + max(0, spare) / 2
            var rects: [ChartRect] = []
            for h in heights {
                rects.append(ChartRect(x: x, y: y, width: options.nodeWidth, height: h))
                y += h + pad
            }
            return rects
        }
        var leftRects = place(left, x: 0), rightRects = place(right, x: 0)

        // Labels, planned vertically first (their heights do not depend on the text), which
        // decides the label form and so the width of the label columns and the node positions.
        var hidden: [String] = []
        let leftPlan = planLabels(left, leftRects, frame: frame, hidden: &hidden)
        let rightPlan = planLabels(right, rightRects, frame: frame, hidden: &hidden)
        let cap = frame.width * options.maxLabelColumnShare
        // Capped, but never narrower than the amounts, which are never shortened.
        let leftLabelWidth = max(min(cap, naturalWidth(left, leftPlan, frameWidthForCap: frame.width)), valueWidth(left, leftPlan))
        let rightLabelWidth = max(min(cap, naturalWidth(right, rightPlan, frameWidthForCap: frame.width)), valueWidth(right, rightPlan))
        let leftX = frame.x + leftLabelWidth + options.labelGap
        let rightX = frame.maxX - rightLabelWidth - options.labelGap - options.nodeWidth
        for i in leftRects.indices { leftRects[i].x = leftX }
        for i in rightRects.indices { rightRects[i].x = rightX }

        // 4. Ribbons: ends stacked in the order of the node at the other end.
        let leftIndex = Dictionary(uniqueKeysWithValues: left.nodes.enumerated().map { ($0.element.code, $0.offset) })
        let rightIndex = Dictionary(uniqueKeysWithValues: right.nodes.enumerated().map { ($0.element.code, $0.offset) })
        func stackStart(_ rect: ChartRect, _ total: Double) -> Double { rect.y + (rect.height - total * k) / 2 }
        var sourceTop = [Double](repeating: 0, count: left.nodes.count)
        var targetTop = [Double](repeating: 0, count: right.nodes.count)
        for (i, r) in leftRects.enumerated() { sourceTop[i] = stackStart(r, left.values[i]) }
        for (i, r) in rightRects.enumerated() { targetTop[i] = stackStart(r, right.values[i]) }
        let fromIndex = flows.map { leftIndex[$0.from]! }, toIndex = flows.map { rightIndex[$0.to]! }
        var sourceY = [Double](repeating: 0, count: flows.count)
        var targetY = [Double](repeating: 0, count: flows.count)
        // At the source, by target order; at the target, by source order.
        let bySource = flows.indices.sorted { (fromIndex[$0], toIndex[$0]) < (fromIndex[$1], toIndex[$1]) }
        for i in bySource {
            sourceY[i] = sourceTop[fromIndex[i]]
            sourceTop[fromIndex[i]] += flows[i].value * k
        }
        let byTarget = flows.indices.sorted { (toIndex[$0], fromIndex[$0]) < (toIndex[$1], fromIndex[$1]) }
        for i in byTarget {
            targetY[i] = targetTop[toIndex[i]]
            targetTop[toIndex[i]] += flows[i].value * k
        }
        let x0 = leftX + options.nodeWidth, x1 = rightX
        let reach = (x1 - x0) * options.curvature
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
        // Drawing order: neutral first (largest first), highlighted last (largest on top).
        links.sort { a, b in
            if a.highlight != b.highlight { return !a.highlight }
            if a.value != b.value { return a.value > b.value }
            return (a.from, a.to) < (b.from, b.to)
        }

        // 5. Label boxes, names shortened to the column.
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
        return SankeyLayout(frame: frame, nodes: nodes, links: links, scale: k, hiddenLabels: hidden, omitted: omitted)
    }

    private struct PlacedLabel { var boxes: [LabelBox]; var leader: [ChartPoint]? }

    /// The form of a column's labels: two lines (name, value) or one, a font size, which nodes
    /// are labelled and the top of each label block.
    private struct LabelPlan {
        var stacked: Bool
        var size: Double
        var visible: [Int]
        var tops: [Double]
        var heights: [Double]
        /// Lines of each visible node's name (stacked form: 2 when it is wrapped).
        var nameLines: [Int] = []
    }

    private func lineHeights(_ size: Double) -> (name: Double, value: Double) {
        (measurer.measure("Ég", font: options.nameFont.sized(size)).height,
         measurer.measure("Ég", font: options.valueFont.sized(size)).height)
    }

    /// Forms tried, best first: two lines at the base size, then one line at decreasing sizes —
    /// each only if every label stays beside its node; then the same allowing labels to move away
    /// (a leader line joins them); last, the labels of the smallest nodes are hidden (reported).
    private func planLabels(_ c: Column, _ rects: [ChartRect], frame: ChartRect, hidden: inout [String]) -> LabelPlan {
        let n = c.nodes.count
        guard n > 0 else { return LabelPlan(stacked: false, size: options.nameFont.size, visible: [], tops: [], heights: []) }
        var sizes: [Double] = []
        var s = options.nameFont.size
        while s >= options.minFontSize - 1e-9 { sizes.append(s); s -= 0.5 }
        if sizes.isEmpty { sizes = [options.minFontSize] }

        // A name wider than the label column's cap wraps to a second line (stacked form) before
        // anything is shortened.
        let cap = frame.width * options.maxLabelColumnShare
        // Widths of every name and value at each size, measured once for all the attempts.
        let valueTexts = c.values.map { FrenchNumber.millionsOfEuros($0) }
        var widths: [Double: (names: [Double], values: [Double])] = [:]
        func widthsAt(_ size: Double) -> (names: [Double], values: [Double]) {
            if let known = widths[size] { return known }
            let nameFont = options.nameFont.sized(size), valueFont = options.valueFont.sized(size)
            let made = (c.nodes.map { measurer.measure($0.label, font: nameFont).width },
                        valueTexts.map { measurer.measure($0, font: valueFont).width })
            widths[size] = made
            return made
        }
        func attempt(stacked: Bool, size: Double, visible: [Int], strict: Bool, wrap: Bool = true) -> LabelPlan? {
            let h = lineHeights(size)
            let w: (names: [Double], values: [Double]) = wrap ? widthsAt(size) : ([], [])
            let lines = visible.map { i -> Int in
                if !wrap { return 1 }
                if stacked { return w.names[i] > cap ? 2 : 1 }
                return w.names[i] + size * 0.5 + w.values[i] > cap ? 2 : 1
            }
            let heights = lines.map { stacked ? Double($0) * h.name + h.value : Double($0) * max(h.name, h.value) }
            let wanted = visible.indices.map { rects[visible[$0]].midY - heights[$0] / 2 }
            guard let tops = placeInOrder(wanted: wanted, heights: heights, gap: options.labelSpacing,
                                          low: frame.y, high: frame.maxY) else { return nil }
            if strict {
                for (j, i) in visible.enumerated() {
                    let center = tops[j] + heights[j] / 2
                    if center < rects[i].y - 2 || center > rects[i].maxY + 2 { return nil }
                }
            }
            return LabelPlan(stacked: stacked, size: size, visible: visible, tops: tops, heights: heights, nameLines: lines)
        }
        let all = Array(0..<n)
        for size in sizes where size >= options.nameFont.size - 1 {
            if let p = attempt(stacked: true, size: size, visible: all, strict: true) { return p }
        }
        for size in sizes { if let p = attempt(stacked: false, size: size, visible: all, strict: true) { return p } }
        for size in sizes { if let p = attempt(stacked: false, size: size, visible: all, strict: false) { return p } }
        // Too crowded for two-line names: one line each, long names shortened, before any is hidden.
        for size in sizes { if let p = attempt(stacked: false, size: size, visible: all, strict: false, wrap: false) { return p } }
        // Too many nodes for the height even on one line at the smallest size: keep the labels
        // of the largest nodes (the most that fit), hide the others.
        let bySize = all.sorted { c.values[$0] != c.values[$1] ? c.values[$0] > c.values[$1] : $0 < $1 }
        var lo = 0, hi = n - 1
        var best: LabelPlan? = nil
        while lo <= hi {
            let count = (lo + hi) / 2
            if let p = attempt(stacked: false, size: sizes.last!, visible: Array(bySize.prefix(count)).sorted(), strict: false, wrap: false) {
                best = p; lo = count + 1
            } else {
                hi = count - 1
            }
        }
        let plan = best ?? LabelPlan(stacked: false, size: sizes.last!, visible: [], tops: [], heights: [])
        let shown = Set(plan.visible)
        hidden += all.filter { !shown.contains($0) }.map { c.nodes[$0].code }
        return plan
    }

    /// The natural width of a column's labels in its planned form.
    private func naturalWidth(_ c: Column, _ plan: LabelPlan, frameWidthForCap: Double) -> Double {
        let nameFont = options.nameFont.sized(plan.size), valueFont = options.valueFont.sized(plan.size)
        var w = 0.0
        let cap = frameWidthForCap * options.maxLabelColumnShare
        for (j, i) in plan.visible.enumerated() {
            var name = measurer.measure(c.nodes[i].label, font: nameFont).width
            if plan.stacked, j < plan.nameLines.count, plan.nameLines[j] == 2,
               let wrapped = LabelFitting.wrap(c.nodes[i].label, font: nameFont, maxWidth: cap, maxLines: 2, measurer: measurer) {
                name = wrapped.lines.map { measurer.measure($0, font: nameFont).width }.max() ?? name
            }
            let value = measurer.measure(FrenchNumber.millionsOfEuros(c.values[i]), font: valueFont).width
            if !plan.stacked, j < plan.nameLines.count, plan.nameLines[j] == 2 {
                // Wrapped beside its value: as wide as the cap allows.
                w = max(w, min(cap, name + plan.size * 0.5 + value))
                continue
            }
            w = max(w, plan.stacked ? max(name, value) : name + plan.size * 0.5 + value)
        }
        return w
    }

    private func valueWidth(_ c: Column, _ plan: LabelPlan) -> Double {
        let valueFont = options.valueFont.sized(plan.size)
        return plan.visible.map { measurer.measure(FrenchNumber.millionsOfEuros(c.values[$0]), font: valueFont).width }.max() ?? 0
    }

    private func labelBoxes(_ c: Column, _ rects: [ChartRect], _ plan: LabelPlan, columnX: Double, columnWidth: Double) -> [PlacedLabel] {
        var out = [PlacedLabel](repeating: PlacedLabel(boxes: [], leader: nil), count: c.nodes.count)
        let alignRight = c.side == .left
        let size = plan.size
        let nameFont = options.nameFont.sized(size), valueFont = options.valueFont.sized(size)
        let space = size * 0.5
        for (j, i) in plan.visible.enumerated() {
            let top = plan.tops[j], height = plan.heights[j]
            let valueText = FrenchNumber.millionsOfEuros(c.values[i])
            let valueSize = measurer.measure(valueText, font: valueFont)
            let nameRoom = plan.stacked ? columnWidth : columnWidth - valueSize.width - space
            // The value always shows; the name is shortened to what is left (at least "X…").
            let name = LabelFitting.shorten(c.nodes[i].label, font: nameFont, maxWidth: nameRoom, measurer: measurer)
            var boxes: [LabelBox] = []
            let nameSize = name.map { measurer.measure($0.text, font: nameFont) } ?? ChartSize(width: 0, height: 0)
            if plan.stacked {
                // Wrapped to the planned number of lines; shortened only if two lines are not enough.
                let lines = j < plan.nameLines.count ? plan.nameLines[j] : 1
                var nameLines: [(text: String, shortened: Bool)] = name.map { [($0.text, $0.shortened)] } ?? []
                if lines == 2, let wrapped = LabelFitting.wrap(c.nodes[i].label, font: nameFont, maxWidth: nameRoom, maxLines: 2, measurer: measurer) {
                    nameLines = wrapped.lines.enumerated().map { ($0.element, wrapped.shortened && $0.offset == wrapped.lines.count - 1) }
                }
                var y = top
                for line in nameLines {
                    let size = measurer.measure(line.text, font: nameFont)
                    let nx = alignRight ? columnX + columnWidth - size.width : columnX
                    boxes.append(LabelBox(text: line.text, rect: ChartRect(x: nx, y: y, width: size.width, height: size.height),
                                          font: nameFont, role: .name, isShortened: line.shortened))
                    y += size.height
                }
                let vx = alignRight ? columnX + columnWidth - valueSize.width : columnX
                boxes.append(LabelBox(text: valueText, rect: ChartRect(x: vx, y: top + height - valueSize.height, width: valueSize.width, height: valueSize.height),
                                      font: valueFont, role: .value))
            } else if j < plan.nameLines.count, plan.nameLines[j] == 2,
                      let wrapped = LabelFitting.wrap(c.nodes[i].label, font: nameFont, maxWidth: nameRoom, maxLines: 2, measurer: measurer),
                      wrapped.lines.count == 2 {
                // A long name on two lines, the value after the second: wrapped before shortened.
                let lineHeight = height / 2
                for (k, line) in wrapped.lines.enumerated() {
                    let size = measurer.measure(line, font: nameFont)
                    let rowWidth = k == 1 ? size.width + space + valueSize.width : size.width
                    let x = alignRight ? columnX + columnWidth - rowWidth : columnX
                    let y = top + Double(k) * lineHeight + (lineHeight - size.height) / 2
                    boxes.append(LabelBox(text: line, rect: ChartRect(x: x, y: y, width: size.width, height: size.height),
                                          font: nameFont, role: .name, isShortened: wrapped.shortened && k == 1))
                    if k == 1 {
                        boxes.append(LabelBox(text: valueText, rect: ChartRect(x: x + size.width + space, y: top + lineHeight + (lineHeight - valueSize.height) / 2,
                                                                              width: valueSize.width, height: valueSize.height),
                                              font: valueFont, role: .value))
                    }
                }
            } else {
                let total = (name == nil ? 0 : nameSize.width + space) + valueSize.width
                var x = alignRight ? columnX + columnWidth - total : columnX
                if let name {
                    boxes.append(LabelBox(text: name.text, rect: ChartRect(x: x, y: top + (height - nameSize.height) / 2, width: nameSize.width, height: nameSize.height),
                                          font: nameFont, role: .name, isShortened: name.shortened))
                    x += nameSize.width + space
                }
                boxes.append(LabelBox(text: valueText, rect: ChartRect(x: x, y: top + (height - valueSize.height) / 2, width: valueSize.width, height: valueSize.height),
                                      font: valueFont, role: .value))
            }
            let center = top + height / 2
            let node = rects[i]
            var leader: [ChartPoint]? = nil
            if center < node.y || center > node.maxY {
                let edgeX = alignRight ? columnX + columnWidth + 1 : columnX - 1
                let nodeX = alignRight ? node.x - 0.5 : node.maxX + 0.5
                leader = [ChartPoint(edgeX, center), ChartPoint(nodeX, min(max(center, node.y), node.maxY))]
            }
            out[i] = PlacedLabel(boxes: boxes, leader: leader)
        }
        return out
    }
}
