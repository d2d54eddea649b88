import FrenchNumbers

/// One line of an index panel: a territory's values per year, drawn as an index (100 = the first year).
package struct IndexLineInput: Hashable, Sendable {
    /// Whose line: the fiche's territory (solid, in the flow's colour), its région (dashed) or France (dotted).
    package enum Kind: String, Hashable, Sendable { case own, region, france }
    package var kind: Kind
    package var label: String
    /// Amounts per year, in euros, in the order of the input's years.
    package var values: [Double]
    package init(kind: Kind, label: String, values: [Double]) { self.kind = kind; self.label = label; self.values = values }
}

/// The years chart's input: a territory's exports and imports per year (bars), and for each flow
/// the index lines of the territory, its région and France.
package struct YearsChartInput: Hashable, Sendable {
    package var years: [Int]
    package var exports: [Double]
    package var imports: [Double]
    package var exportLines: [IndexLineInput]
    package var importLines: [IndexLineInput]
    package init(years: [Int], exports: [Double], imports: [Double], exportLines: [IndexLineInput], importLines: [IndexLineInput]) {
        self.years = years; self.exports = exports; self.imports = imports
        self.exportLines = exportLines; self.importLines = importLines
    }
}

/// A bar of the years chart.
package struct YearBar: Hashable, Sendable {
    package var year: Int
    package var isExport: Bool
    var value: Double
    package var rect: ChartRect
}

/// A drawn index line.
package struct IndexLine: Hashable, Sendable {
    package var kind: IndexLineInput.Kind
    package var isExport: Bool
    package var points: [ChartPoint]
}

/// The geometry of the years chart: bars with their values, the year labels and legend on the
/// left; two index panels (exports, imports) on the right, each with its 100 line.
package struct YearsChartLayout: Hashable, Sendable {
    var frame: ChartRect
    package var bars: [YearBar]
    package var lines: [IndexLine]
    /// The bars' baseline, from its left end to its right end.
    package var baseline: [ChartPoint]
    /// Each index panel's 100 line.
    package var referenceLines: [[ChartPoint]]
    package var labels: [LabelBox]
    package var legend: [LegendItem]
}

/// Lays out the years chart in a frame: 58 % of the width for the bars, the rest for the index panels.
package struct YearsChartLayoutEngine {
    var measurer: TextMeasurer
    let valueFont = ChartFont(size: 6)
    let labelFont = ChartFont(size: 6.5)
    let titleFont = ChartFont(size: 6.5, weight: .semibold)

    package init(measurer: TextMeasurer) { self.measurer = measurer }

    /// An amount above its bar: «24 189» (millions, no decimal) from 100 M€, «12,3» below.
    static func barValue(_ euros: Double) -> String {
        let millions = euros / 1_000_000
        return FrenchNumber.format(millions, decimals: abs(millions) >= 100 ? 0 : 1)
    }

    package func layout(_ input: YearsChartInput, in frame: ChartRect) -> YearsChartLayout {
        let lineH = measurer.measure("Ég", font: labelFont).height
        let barsWidth = frame.width * 0.58
        let barsFrame = ChartRect(x: frame.x, y: frame.y, width: barsWidth, height: frame.height)
        var labels: [LabelBox] = []
        let (bars, baselineY, legend) = placeBars(input, in: barsFrame, lineHeight: lineH, labels: &labels)
        let panelX = frame.x + barsWidth + 16
        let panelW = frame.maxX - panelX
        let half = (frame.height - 6) / 2
        var lines: [IndexLine] = [], references: [[ChartPoint]] = []
        for (k, (isExport, inputs)) in [(true, input.exportLines), (false, input.importLines)].enumerated() {
            let panel = ChartRect(x: panelX, y: frame.y + Double(k) * (half + 6), width: panelW, height: half)
            let first = input.years.first.map(String.init) ?? ""
            labels.append(label("\(isExport ? "Exportations" : "Importations"), indice 100 en \(first)", font: titleFont, x: panel.x, y: panel.y, role: .title))
            let placed = placeIndex(inputs, isExport: isExport, in: ChartRect(x: panel.x, y: panel.y + lineH + 2, width: panel.width,
                                                                              height: panel.height - lineH - 2), labels: &labels)
            lines += placed.lines
            references.append(placed.reference)
        }
        return YearsChartLayout(frame: frame, bars: bars, lines: lines,
                                baseline: [ChartPoint(barsFrame.x, baselineY), ChartPoint(barsFrame.maxX, baselineY)],
                                referenceLines: references, labels: labels, legend: legend)
    }

    func label(_ text: String, font: ChartFont, x: Double, y: Double, role: LabelRole, centeredOn: Double? = nil, alignRight: Bool = false) -> LabelBox {
        let size = measurer.measure(text, font: font)
        let left = centeredOn.map { $0 - size.width / 2 } ?? (alignRight ? x - size.width : x)
        return LabelBox(text: text, rect: ChartRect(x: left, y: y, width: size.width, height: size.height), font: font, role: role)
    }

    /// The bars (exports then imports for each year), their values above them, the years below
    /// and the legend at the bottom; returns the baseline's y.
    func placeBars(_ input: YearsChartInput, in frame: ChartRect, lineHeight lineH: Double,
                   labels: inout [LabelBox]) -> ([YearBar], Double, [LegendItem]) {
        let legendTop = frame.maxY - lineH
        let baseline = legendTop - 6 - lineH - 3
        let top = frame.y + lineH + 2
        let maxValue = max(1, (input.exports + input.imports).max() ?? 1)
        let n = max(1, input.years.count)
        let group = frame.width / Double(n)
        let barW = min(28, group * 0.38)
        var bars: [YearBar] = []
        for (i, year) in input.years.enumerated() {
            let center = frame.x + group * (Double(i) + 0.5)
            for (isExport, value) in [(true, input.exports[i]), (false, input.imports[i])] {
                let h = max(0, value) / maxValue * (baseline - top)
                let x = isExport ? center - barW - 1 : center + 1
                let rect = ChartRect(x: x, y: baseline - h, width: barW, height: h)
                bars.append(YearBar(year: year, isExport: isExport, value: value, rect: rect))
                labels.append(label(Self.barValue(value), font: valueFont, x: 0, y: rect.y - lineH, role: .value, centeredOn: rect.midX))
            }
            labels.append(label(String(year), font: labelFont, x: 0, y: baseline + 3, role: .name, centeredOn: center))
        }
        var legend: [LegendItem] = []
        var x = frame.x
        let swatch = lineH * 0.7
        for (kind, text) in [(LegendSwatch.exports, "Exportations (M€)"), (.imports, "Importations (M€)")] {
            let l = label(text, font: labelFont, x: x + swatch + 3, y: legendTop, role: .legend)
            legend.append(LegendItem(swatch: kind, swatchRect: ChartRect(x: x, y: legendTop + (lineH - swatch) / 2, width: swatch, height: swatch), label: l))
            x = l.rect.maxX + 12
        }
        return (bars, baseline, legend)
    }

    /// One index panel: lines from the first year (100) on, a label at each line's end (moved
    /// apart when they would overlap), and the 100 line.
    func placeIndex(_ inputs: [IndexLineInput], isExport: Bool, in panel: ChartRect,
                    labels: inout [LabelBox]) -> (lines: [IndexLine], reference: [ChartPoint]) {
        let indexed = inputs.map { line -> [Double] in
            guard let base = line.values.first, base > 0 else { return line.values.map { _ in 100 } }
            return line.values.map { $0 / base * 100 }
        }
        let endTexts = zip(inputs, indexed).map { "\($0.label) \(FrenchNumber.format($1.last ?? 100, decimals: 0))" }
        let labelW = endTexts.map { measurer.measure($0, font: valueFont).width }.max() ?? 0
        let plot = ChartRect(x: panel.x, y: panel.y + 3, width: max(10, panel.width - labelW - 6), height: max(10, panel.height - 6))
        let all: [Double] = indexed.flatMap { $0 } + [100.0]
        let low = (all.min() ?? 100) - 2, high = (all.max() ?? 100) + 2.0
        func y(_ v: Double) -> Double { plot.maxY - (v - low) / (high - low) * plot.height }
        let count = max(2, indexed.first?.count ?? 2)
        func x(_ i: Int) -> Double { plot.x + plot.width * Double(i) / Double(count - 1) }
        let lines = zip(inputs, indexed).map { line, values in
            IndexLine(kind: line.kind, isExport: isExport, points: values.enumerated().map { ChartPoint(x($0.offset), y($0.element)) })
        }
        // End labels, top to bottom, at least a line apart.
        let lineH = measurer.measure("Ég", font: valueFont).height
        var placed: [(Int, Double)] = lines.enumerated().map { ($0.offset, ($0.element.points.last?.y ?? plot.midY) - lineH / 2) }
        placed.sort { $0.1 < $1.1 }
        for k in placed.indices.dropFirst() where placed[k].1 < placed[k - 1].1 + lineH {
            placed[k].1 = placed[k - 1].1 + lineH
        }
        for (index, top) in placed {
            labels.append(label(endTexts[index], font: valueFont, x: plot.maxX + 4, y: top, role: index == 0 ? .name : .value))
        }
        return (lines, [ChartPoint(plot.x, y(100)), ChartPoint(plot.maxX, y(100))])
    }
}
