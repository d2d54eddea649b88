import FrenchNumbers

// Pass 6 of the Sankey layout: the labels of each column. Their form is planned first (it
// decides the width of the label columns and so where the node bars go), then each label is
// built in its form beside its node.

/// The form of a column's labels (name and value on one row, the name wrapped beside its value
/// when long): a font size, which nodes are labelled and the top of each label block.
struct SankeyLabelPlan: Hashable, Sendable {
    var size: Double
    /// Indices, in the column, of the labelled nodes, top to bottom.
    var visible: [Int]
    /// Top and height of each visible node's label block.
    var tops: [Double]
    var heights: [Double]
    /// Lines of each visible node's name (2 when it is wrapped).
    var nameLines: [Int] = []
}

/// A node's label boxes and, when the label had to move away from its node, the leader line.
struct SankeyPlacedLabel: Hashable, Sendable {
    var boxes: [LabelBox]
    var leader: [ChartPoint]?
}

extension SankeyLayoutEngine {
    /// The plan of a column's labels (see `SankeyLabelPlanner.plan`); codes of nodes left
    /// unlabelled are added to `hidden`.
    func planLabels(_ c: SankeyColumn, _ rects: [ChartRect], frame: ChartRect, hidden: inout [String]) -> SankeyLabelPlan {
        guard !c.nodes.isEmpty else {
            return SankeyLabelPlan(size: options.nameFont.size, visible: [], tops: [], heights: [])
        }
        var planner = SankeyLabelPlanner(engine: self, column: c, rects: rects, frame: frame)
        let plan = planner.plan()
        let shown = Set(plan.visible)
        hidden += c.nodes.indices.filter { !shown.contains($0) }.map { c.nodes[$0].code }
        return plan
    }

    /// The width of a column's labels: their natural width in the planned form, capped to a share
    /// of the frame, but never narrower than the amounts, which are never shortened.
    func labelColumnWidth(_ c: SankeyColumn, _ plan: SankeyLabelPlan, frame: ChartRect) -> Double {
        let cap = frame.width * options.maxLabelColumnShare
        return max(min(cap, naturalWidth(c, plan, frameWidthForCap: frame.width)), valueWidth(c, plan))
    }

    /// Heights of a line of name and of a line of value at `size`.
    func lineHeights(_ size: Double) -> (name: Double, value: Double) {
        (measurer.measure("Ég", font: options.nameFont.sized(size)).height,
         measurer.measure("Ég", font: options.valueFont.sized(size)).height)
    }

    /// The natural width of a column's labels in its planned form.
    private func naturalWidth(_ c: SankeyColumn, _ plan: SankeyLabelPlan, frameWidthForCap: Double) -> Double {
        let nameFont = options.nameFont.sized(plan.size), valueFont = options.valueFont.sized(plan.size)
        var w = 0.0
        let cap = frameWidthForCap * options.maxLabelColumnShare
        for (j, i) in plan.visible.enumerated() {
            let name = measurer.measure(c.nodes[i].label, font: nameFont).width
            let value = measurer.measure(FrenchNumber.millionsOfEuros(c.values[i]), font: valueFont).width
            if j < plan.nameLines.count, plan.nameLines[j] == 2 {
                // Wrapped beside its value: as wide as the cap allows.
                w = max(w, min(cap, name + plan.size * 0.5 + value))
                continue
            }
            w = max(w, name + plan.size * 0.5 + value)
        }
        return w
    }

    private func valueWidth(_ c: SankeyColumn, _ plan: SankeyLabelPlan) -> Double {
        let valueFont = options.valueFont.sized(plan.size)
        return plan.visible.map { measurer.measure(FrenchNumber.millionsOfEuros(c.values[$0]), font: valueFont).width }.max() ?? 0
    }

    /// The label of every visible node of a column, in the planned form, in the label column
    /// starting at `columnX` (left labels are right-aligned against their nodes).
    func labelBoxes(_ c: SankeyColumn, _ rects: [ChartRect], _ plan: SankeyLabelPlan, columnX: Double,
                    columnWidth: Double) -> [SankeyPlacedLabel] {
        var out = [SankeyPlacedLabel](repeating: SankeyPlacedLabel(boxes: [], leader: nil), count: c.nodes.count)
        let size = plan.size
        let nameFont = options.nameFont.sized(size), valueFont = options.valueFont.sized(size)
        for (j, i) in plan.visible.enumerated() {
            let valueText = FrenchNumber.millionsOfEuros(c.values[i])
            let valueSize = measurer.measure(valueText, font: valueFont)
            let space = size * 0.5
            var slot = SankeyLabelSlot(name: c.nodes[i].label, valueText: valueText, valueSize: valueSize,
                                       nameFont: nameFont, valueFont: valueFont, space: space, nameRoom: columnWidth,
                                       top: plan.tops[j], height: plan.heights[j],
                                       columnX: columnX, columnWidth: columnWidth, alignRight: c.side == .left)
            // The value always shows; the name gets what is left of the column.
            slot.nameRoom = columnWidth - valueSize.width - space
            let nameLines = j < plan.nameLines.count ? plan.nameLines[j] : 1
            let boxes: [LabelBox]
            if nameLines == 2, let wrapped = nameWrappedBesideValue(slot) {
                boxes = wrapped
            } else {
                boxes = oneLineLabel(slot)
            }
            out[i] = SankeyPlacedLabel(boxes: boxes, leader: leader(slot, to: rects[i]))
        }
        return out
    }

    /// A long name on two lines, the value after the second: wrapped before shortened. Nil when
    /// the name does not wrap to two lines (the one-line form is used instead).
    func nameWrappedBesideValue(_ slot: SankeyLabelSlot) -> [LabelBox]? {
        let nameFont = slot.nameFont, valueSize = slot.valueSize
        guard let wrapped = LabelFitting.wrap(slot.name, font: nameFont, maxWidth: slot.nameRoom, maxLines: 2, measurer: measurer),
              wrapped.lines.count == 2 else { return nil }
        var boxes: [LabelBox] = []
        let lineHeight = slot.height / 2
        for (k, line) in wrapped.lines.enumerated() {
            let size = measurer.measure(line, font: nameFont)
            let rowWidth = k == 1 ? size.width + slot.space + valueSize.width : size.width
            let x = slot.x(width: rowWidth)
            let y = slot.top + Double(k) * lineHeight + (lineHeight - size.height) / 2
            boxes.append(LabelBox(text: line, rect: ChartRect(x: x, y: y, width: size.width, height: size.height),
                                  font: nameFont, role: .name, isShortened: wrapped.shortened && k == 1))
            if k == 1 {
                let valueRect = ChartRect(x: x + size.width + slot.space, y: slot.top + lineHeight + (lineHeight - valueSize.height) / 2,
                                          width: valueSize.width, height: valueSize.height)
                boxes.append(LabelBox(text: slot.valueText, rect: valueRect, font: slot.valueFont, role: .value))
            }
        }
        return boxes
    }

    /// One-line form: the name, shortened to its room (or left out), then the value.
    func oneLineLabel(_ slot: SankeyLabelSlot) -> [LabelBox] {
        let nameFont = slot.nameFont, valueSize = slot.valueSize
        let name = LabelFitting.shorten(slot.name, font: nameFont, maxWidth: slot.nameRoom, measurer: measurer)
        let nameSize = name.map { measurer.measure($0.text, font: nameFont) } ?? ChartSize(width: 0, height: 0)
        let total = (name == nil ? 0 : nameSize.width + slot.space) + valueSize.width
        var x = slot.x(width: total)
        var boxes: [LabelBox] = []
        if let name {
            boxes.append(LabelBox(text: name.text, rect: ChartRect(x: x, y: slot.top + (slot.height - nameSize.height) / 2,
                                                                   width: nameSize.width, height: nameSize.height),
                                  font: nameFont, role: .name, isShortened: name.shortened))
            x += nameSize.width + slot.space
        }
        boxes.append(LabelBox(text: slot.valueText, rect: ChartRect(x: x, y: slot.top + (slot.height - valueSize.height) / 2,
                                                                    width: valueSize.width, height: valueSize.height),
                              font: slot.valueFont, role: .value))
        return boxes
    }

    /// A short line from the label's edge to its node, when the label's centre is off the node.
    func leader(_ slot: SankeyLabelSlot, to node: ChartRect) -> [ChartPoint]? {
        let center = slot.top + slot.height / 2
        guard center < node.y || center > node.maxY else { return nil }
        let edgeX = slot.alignRight ? slot.columnX + slot.columnWidth + 1 : slot.columnX - 1
        let nodeX = slot.alignRight ? node.x - 0.5 : node.maxX + 0.5
        return [ChartPoint(edgeX, center), ChartPoint(nodeX, min(max(center, node.y), node.maxY))]
    }
}

/// What every label form needs of one node: its texts and fonts, the room for its name, its
/// planned block and its label column.
struct SankeyLabelSlot {
    var name: String
    var valueText: String
    var valueSize: ChartSize
    var nameFont: ChartFont
    var valueFont: ChartFont
    /// The gap between a name and a value on one row.
    var space: Double
    /// The width the name may take.
    var nameRoom: Double
    /// Top and height of the label block.
    var top: Double
    var height: Double
    var columnX: Double
    var columnWidth: Double
    /// Whether rows end at the column's right edge (left column) or start at its left edge.
    var alignRight: Bool

    /// The x of a row `width` wide in the column.
    func x(width: Double) -> Double { alignRight ? columnX + columnWidth - width : columnX }
}

/// Tries the label forms of one column, best first: two lines at the base size, then one line at
/// decreasing sizes — each only if every label stays beside its node; then the same allowing
/// labels to move away (a leader line joins them); then one line each with long names shortened;
/// last, the labels of the smallest nodes are hidden.
struct SankeyLabelPlanner {
    let engine: SankeyLayoutEngine
    let column: SankeyColumn
    let rects: [ChartRect]
    let frame: ChartRect
    /// A name wider than this cap wraps to a second line before anything is shortened.
    let cap: Double
    /// Font sizes tried, from the base size down to the smallest, by half points.
    let sizes: [Double]
    private let valueTexts: [String]
    /// Widths of every name and value at each size, measured once for all the attempts.
    private var widths: [Double: (names: [Double], values: [Double])] = [:]

    init(engine: SankeyLayoutEngine, column: SankeyColumn, rects: [ChartRect], frame: ChartRect) {
        self.engine = engine; self.column = column; self.rects = rects; self.frame = frame
        let options = engine.options
        cap = frame.width * options.maxLabelColumnShare
        var sizes: [Double] = []
        var s = options.nameFont.size
        while s >= options.minFontSize - 1e-9 { sizes.append(s); s -= 0.5 }
        self.sizes = sizes.isEmpty ? [options.minFontSize] : sizes
        valueTexts = column.values.map { FrenchNumber.millionsOfEuros($0) }
    }

    /// The best form that fits (for a non-empty column). One form for every Sankey: the name and
    /// its value on one line (a long name wrapped beside its value), never the name above the
    /// value, so that the fiche's Sankeys, roomy or crowded, read alike.
    mutating func plan() -> SankeyLabelPlan {
        let all = Array(column.nodes.indices)
        for size in sizes { if let p = attempt(size: size, visible: all, strict: true) { return p } }
        for size in sizes { if let p = attempt(size: size, visible: all, strict: false) { return p } }
        // Too crowded for two-line names: one line each, long names shortened, before any is hidden.
        for size in sizes { if let p = attempt(size: size, visible: all, strict: false, wrap: false) { return p } }
        return largestNodesThatFit()
    }

    /// Too many nodes for the height even on one line at the smallest size: the labels of the
    /// largest nodes (the most that fit, found by bisection), the others hidden.
    private mutating func largestNodesThatFit() -> SankeyLabelPlan {
        let values = column.values
        let bySize = column.nodes.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let smallest = sizes[sizes.count - 1]
        var lo = 0, hi = column.nodes.count - 1
        var best: SankeyLabelPlan? = nil
        while lo <= hi {
            let count = (lo + hi) / 2
            if let p = attempt(size: smallest, visible: Array(bySize.prefix(count)).sorted(), strict: false, wrap: false) {
                best = p; lo = count + 1
            } else {
                hi = count - 1
            }
        }
        return best ?? SankeyLabelPlan(size: smallest, visible: [], tops: [], heights: [])
    }

    private mutating func widthsAt(_ size: Double) -> (names: [Double], values: [Double]) {
        if let known = widths[size] { return known }
        let nameFont = engine.options.nameFont.sized(size), valueFont = engine.options.valueFont.sized(size)
        let made = (column.nodes.map { engine.measurer.measure($0.label, font: nameFont).width },
                    valueTexts.map { engine.measurer.measure($0, font: valueFont).width })
        widths[size] = made
        return made
    }

    /// One form: label blocks placed as near their nodes as the height allows, or nil when they
    /// do not fit (or, `strict`, when a label would leave its node). Without `wrap`, every name
    /// takes one line.
    private mutating func attempt(size: Double, visible: [Int], strict: Bool, wrap: Bool = true) -> SankeyLabelPlan? {
        let h = engine.lineHeights(size)
        let w: (names: [Double], values: [Double]) = wrap ? widthsAt(size) : ([], [])
        let cap = cap
        let lines = visible.map { i -> Int in
            if !wrap { return 1 }
            return w.names[i] + size * 0.5 + w.values[i] > cap ? 2 : 1
        }
        let heights = lines.map { Double($0) * max(h.name, h.value) }
        let wanted = visible.indices.map { rects[visible[$0]].midY - heights[$0] / 2 }
        guard let tops = placeInOrder(wanted: wanted, heights: heights, gap: engine.options.labelSpacing,
                                      low: frame.y, high: frame.maxY) else { return nil }
        if strict {
            for (j, i) in visible.enumerated() {
                let center = tops[j] + heights[j] / 2
                if center < rects[i].y - 2 || center > rects[i].maxY + 2 { return nil }
            }
        }
        return SankeyLabelPlan(size: size, visible: visible, tops: tops, heights: heights, nameLines: lines)
    }
}
