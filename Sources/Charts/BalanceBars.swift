import FrenchNumbers

/// One partner country, as given by the caller.
package struct BalanceRowInput: Hashable, Sendable {
    var code: String
    package var label: String
    /// Imports from the partner, in euros.
    package var imports: Double
    /// Exports to the partner, in euros.
    package var exports: Double
    /// A share written in a last column (a département's part of its région), when given.
    package var share: String?
    package init(code: String, label: String, imports: Double, exports: Double, share: String? = nil) {
        self.code = code; self.label = label; self.imports = imports; self.exports = exports; self.share = share
    }
}

/// The partner balance chart's input: one row per partner, in display order.
package struct BalanceBarsInput: Hashable, Sendable {
    package var rows: [BalanceRowInput]
    /// The header of the share column (drawn when rows carry a share).
    var shareHeader: String
    package init(rows: [BalanceRowInput], shareHeader: String = "Part") { self.rows = rows; self.shareHeader = shareHeader }
}

/// Settings of the balance bars layout.
package struct BalanceBarsOptions: Hashable, Sendable {
    /// Font of country names.
    var nameFont = ChartFont(size: 7.5)
    /// Font of the amounts at the bar ends.
    var valueFont = ChartFont(size: 7)
    /// Font of the balance column.
    var balanceFont = ChartFont(size: 7.5, weight: .semibold)
    /// Font of the column headers and the legend.
    var legendFont = ChartFont(size: 6.5)
    /// Bar thickness as a share of the row height.
    var barShare: Double = 0.62
    /// The tallest a row may be.
    var maxRowHeight: Double = 20
    /// Horizontal gap between columns.
    var columnGap: Double = 8
    /// Gap between a bar end and its amount.
    var valueGap: Double = 3
    /// The largest share of the width the country names may take.
    var maxNameShare: Double = 0.26
    init() {}
}

/// A laid-out partner row.
package struct BalanceRow: Hashable, Sendable {
    var code: String
    var label: String
    var imports: Double
    var exports: Double
    /// Exports − imports.
    var balance: Double
    /// The whole row band.
    package var rowRect: ChartRect
    /// Import bar, ending at the axis (zero width when no imports).
    package var importBar: ChartRect
    /// Export bar, starting at the axis.
    package var exportBar: ChartRect
    package var labels: [LabelBox]
}

/// What a legend swatch stands for.
package enum LegendSwatch: String, Hashable, Sendable, Codable {
    case imports, exports, surplus, deficit
}

/// A legend entry: a swatch and its label.
package struct LegendItem: Hashable, Sendable {
    package var swatch: LegendSwatch
    package var swatchRect: ChartRect
    package var label: LabelBox
}

/// The geometry of the partner balance chart.
package struct BalanceBarsLayout: Hashable, Sendable {
    var frame: ChartRect
    /// x of the shared axis: imports extend left of it, exports right, on one scale.
    package var axisX: Double
    /// Top and bottom of the axis line.
    package var axisY: ClosedRange<Double>
    /// Points per euro.
    var scale: Double
    package var rows: [BalanceRow]
    /// Column headers ("Importations", "Exportations", "Solde").
    package var headers: [LabelBox]
    package var legend: [LegendItem]
    /// Rows left out (no trade at all).
    var omitted: [String]

    /// Every placed label.
    var labels: [LabelBox] { headers + rows.flatMap(\.labels) + legend.map(\.label) }
}

/// Lays out the partner chart: one row per partner, names on the left, imports drawn leftwards and
/// exports rightwards from a shared axis on one scale, amounts at the bar ends, the balance in a
/// right-hand column (sign and green/red role), column headers above and a legend below.
///
/// Three steps, each a function below: the legend (`placeLegend`), whose height leaves the rest to
/// the rows; the rows (`balanceColumns`, then `placeRows`); the column headers (`placeHeaders`).
package struct BalanceBarsLayoutEngine {
    var options: BalanceBarsOptions
    var measurer: TextMeasurer

    package init(options: BalanceBarsOptions = BalanceBarsOptions(), measurer: TextMeasurer) {
        self.options = options
        self.measurer = measurer
    }

    /// The header of the balance column.
    static let balanceHeader = "Solde"

    /// Lays out `input` in `frame`.
    package func layout(_ input: BalanceBarsInput, in frame: ChartRect) -> BalanceBarsLayout {
        var omitted: [String] = []
        let rows = Self.tradingRows(input.rows, omitted: &omitted)
        let lineH = measurer.measure("Ég", font: options.legendFont).height
        let legend = placeLegend(in: frame, lineHeight: lineH)
        let headerHeight = lineH + 3
        let bodyTop = frame.y + headerHeight
        let bodyHeight = max(0, frame.height - headerHeight - legend.height)
        let rowH = min(options.maxRowHeight, bodyHeight / Double(max(rows.count, 1)))
        let columns = balanceColumns(rows, in: frame, rowHeight: rowH, shareHeader: input.shareHeader)
        let placed = placeRows(rows, columns, top: bodyTop, rowHeight: rowH, in: frame)
        let headers = placeHeaders(columns, in: frame, shareHeader: input.shareHeader)
        let axisBottom = bodyTop + Double(rows.count) * rowH
        return BalanceBarsLayout(frame: frame, axisX: columns.axisX, axisY: bodyTop...max(bodyTop, axisBottom), scale: columns.scale,
                                 rows: placed, headers: headers, legend: legend.items, omitted: omitted)
    }

    /// The rows that can be drawn: negative or non-finite amounts count as zero, and a partner
    /// with no trade either way is left out (reported).
    static func tradingRows(_ rows: [BalanceRowInput], omitted: inout [String]) -> [BalanceRowInput] {
        rows.compactMap { r -> BalanceRowInput? in
            let i = r.imports.isFinite ? max(0, r.imports) : 0, e = r.exports.isFinite ? max(0, r.exports) : 0
            if i == 0 && e == 0 { omitted.append("\(r.code): no trade"); return nil }
            return BalanceRowInput(code: r.code, label: r.label, imports: i, exports: e, share: r.share)
        }
    }

    /// Step 1, the legend: swatches and labels at the bottom of the frame, in as many lines as
    /// the width needs; `height` is what it takes from the frame (lines and a gap above).
    func placeLegend(in frame: ChartRect, lineHeight lineH: Double) -> (items: [LegendItem], height: Double) {
        let legendFont = options.legendFont
        let legendEntries: [(LegendSwatch, String)] = [
            (.imports, "Importations"), (.exports, "Exportations"),
            (.surplus, "Solde positif (exportations − importations)"), (.deficit, "Solde négatif"),
        ]
        let swatch = lineH * 0.7
        var legendLines: [[(LegendSwatch, String, Double)]] = [[]]
        var lineWidth = 0.0
        for (kind, text) in legendEntries {
            guard let s = LabelFitting.shorten(text, font: legendFont, maxWidth: frame.width - swatch - 3, measurer: measurer) else { continue }
            let w = swatch + 3 + measurer.measure(s.text, font: legendFont).width
            if lineWidth > 0 && lineWidth + 12 + w > frame.width { legendLines.append([]); lineWidth = 0 }
            legendLines[legendLines.count - 1].append((kind, s.text, w))
            lineWidth += (lineWidth > 0 ? 12 : 0) + w
        }
        var legend: [LegendItem] = []
        var ly = frame.maxY - Double(legendLines.count) * lineH
        for line in legendLines {
            var lx = frame.x
            for (kind, text, w) in line {
                let size = measurer.measure(text, font: legendFont)
                legend.append(LegendItem(
                    swatch: kind,
                    swatchRect: ChartRect(x: lx, y: ly + (lineH - swatch) / 2, width: swatch, height: swatch),
                    label: LabelBox(text: text, rect: ChartRect(x: lx + swatch + 3, y: ly, width: size.width, height: size.height),
                                    font: legendFont, role: .legend)))
                lx += w + 12
            }
            ly += lineH
        }
        return (legend, Double(legendLines.count) * lineH + 6)
    }

    /// Step 2a, the columns of the rows: fonts shrunk to the row height, the name column as wide
    /// as the longest name (capped), amount and balance columns as wide as their widest text,
    /// and between them the bars on one scale, split at the axis by the largest import.
    func balanceColumns(_ rows: [BalanceRowInput], in frame: ChartRect, rowHeight rowH: Double,
                        shareHeader: String = "Part") -> BalanceBarsColumns {
        let o = options
        func fitted(_ f: ChartFont) -> ChartFont {
            var f = f
            while f.size > 4 && measurer.measure("Ég", font: f).height > rowH { f.size -= 0.5 }
            return f
        }
        let nameFont = fitted(o.nameFont), valueFont = fitted(o.valueFont), balanceFont = fitted(o.balanceFont)
        let maxI = rows.map(\.imports).max() ?? 0, maxE = rows.map(\.exports).max() ?? 0
        let nameNatural = rows.map { measurer.measure($0.label, font: nameFont).width }.max() ?? 0
        let nameWidth = min(nameNatural, frame.width * o.maxNameShare)
        let amount = BalanceBarsColumns.amount, balanceText = BalanceBarsColumns.balanceText
        let importValueWidth = rows.map { measurer.measure(amount($0.imports), font: valueFont).width }.max() ?? 0
        let exportValueWidth = rows.map { measurer.measure(amount($0.exports), font: valueFont).width }.max() ?? 0
        let balanceWidth = max(rows.map { measurer.measure(balanceText($0.exports - $0.imports), font: balanceFont).width }.max() ?? 0,
                               measurer.measure(Self.balanceHeader, font: o.legendFont).width)
        let shares = rows.compactMap(\.share)
        let shareWidth = shares.isEmpty ? 0
            : max(shares.map { measurer.measure($0, font: valueFont).width }.max() ?? 0, measurer.measure(shareHeader, font: o.legendFont).width)
        let balanceRight = frame.maxX - (shareWidth > 0 ? shareWidth + o.columnGap : 0)
        let barsLeft = frame.x + nameWidth + o.columnGap + importValueWidth + o.valueGap
        let barsRight = balanceRight - balanceWidth - o.columnGap - exportValueWidth - o.valueGap
        let barsWidth = max(0, barsRight - barsLeft)
        let k = maxI + maxE > 0 ? barsWidth / (maxI + maxE) : 0
        return BalanceBarsColumns(nameFont: nameFont, valueFont: valueFont, balanceFont: balanceFont, nameWidth: nameWidth,
                                  balanceWidth: balanceWidth, balanceRight: balanceRight, shareWidth: shareWidth,
                                  axisX: barsLeft + maxI * k, scale: k)
    }

    /// Step 2b, the rows from `top`: bars either side of the axis, the name, the two amounts at
    /// the bar ends and the balance, each centred in its row.
    func placeRows(_ rows: [BalanceRowInput], _ columns: BalanceBarsColumns, top bodyTop: Double, rowHeight rowH: Double,
                   in frame: ChartRect) -> [BalanceRow] {
        let o = options, axisX = columns.axisX, k = columns.scale
        let amount = BalanceBarsColumns.amount
        var out: [BalanceRow] = []
        for (index, r) in rows.enumerated() {
            let y = bodyTop + Double(index) * rowH
            let rowRect = ChartRect(x: frame.x, y: y, width: frame.width, height: rowH)
            let barH = rowH * o.barShare
            let barY = y + (rowH - barH) / 2
            let ib = ChartRect(x: axisX - r.imports * k, y: barY, width: r.imports * k, height: barH)
            let eb = ChartRect(x: axisX, y: barY, width: r.exports * k, height: barH)
            var labels: [LabelBox] = []
            func centered(_ text: String, _ font: ChartFont, x: Double, alignRight: Bool, role: LabelRole, maxWidth: Double) {
                guard let s = LabelFitting.shorten(text, font: font, maxWidth: maxWidth, measurer: measurer) else { return }
                let size = measurer.measure(s.text, font: font)
                labels.append(LabelBox(text: s.text, rect: ChartRect(x: alignRight ? x - size.width : x, y: y + (rowH - size.height) / 2,
                                                                     width: size.width, height: size.height),
                                       font: font, role: role, isShortened: s.shortened))
            }
            centered(r.label, columns.nameFont, x: frame.x + columns.nameWidth, alignRight: true, role: .name, maxWidth: columns.nameWidth)
            centered(amount(r.imports), columns.valueFont, x: ib.x - o.valueGap, alignRight: true, role: .value, maxWidth: .infinity)
            centered(amount(r.exports), columns.valueFont, x: eb.maxX + o.valueGap, alignRight: false, role: .value, maxWidth: .infinity)
            let b = r.exports - r.imports
            let rounded = (b / 100_000).rounded()  // zero at the printed precision
            centered(BalanceBarsColumns.balanceText(b), columns.balanceFont, x: columns.balanceRight, alignRight: true,
                     role: rounded > 0 ? .positive : (rounded < 0 ? .negative : .value), maxWidth: .infinity)
            if let share = r.share {
                centered(share, columns.valueFont, x: frame.maxX, alignRight: true, role: .value, maxWidth: .infinity)
            }
            out.append(BalanceRow(code: r.code, label: r.label, imports: r.imports, exports: r.exports, balance: b,
                                  rowRect: rowRect, importBar: ib, exportBar: eb, labels: labels))
        }
        return out
    }

    /// Step 3, the column headers at the top of the frame, aligned with what they head. The two
    /// bar headers sit either side of the axis; when one side is too narrow for its header the
    /// pair slides sideways (the name column has no header) rather than being shortened.
    func placeHeaders(_ columns: BalanceBarsColumns, in frame: ChartRect, shareHeader: String = "Part") -> [LabelBox] {
        let legendFont = options.legendFont
        var headers: [LabelBox] = []
        func header(_ text: String, x: Double, alignRight: Bool, maxWidth: Double) {
            guard let s = LabelFitting.shorten(text, font: legendFont, maxWidth: maxWidth, measurer: measurer) else { return }
            let size = measurer.measure(s.text, font: legendFont)
            headers.append(LabelBox(text: s.text, rect: ChartRect(x: alignRight ? x - size.width : x, y: frame.y,
                                                                 width: size.width, height: size.height),
                                    font: legendFont, role: .legend, isShortened: s.shortened))
        }
        let headerGap = 4.0
        let importHeader = "← Importations (M€)", exportHeader = "Exportations (M€) →"
        let wI = measurer.measure(importHeader, font: legendFont).width, wE = measurer.measure(exportHeader, font: legendFont).width
        let limitLeft = frame.x, limitRight = columns.balanceRight - columns.balanceWidth - options.columnGap
        var importEnd = columns.axisX - headerGap, exportStart = columns.axisX + headerGap
        if exportStart + wE > limitRight {
            let shift = exportStart + wE - limitRight
            importEnd -= shift; exportStart -= shift
        }
        if importEnd - wI < limitLeft {
            let shift = limitLeft - (importEnd - wI)
            importEnd += shift; exportStart += shift
        }
        header(importHeader, x: importEnd, alignRight: true, maxWidth: importEnd - limitLeft)
        header(exportHeader, x: exportStart, alignRight: false, maxWidth: limitRight - exportStart)
        header(Self.balanceHeader, x: columns.balanceRight, alignRight: true, maxWidth: columns.balanceWidth + options.columnGap / 2)
        if columns.shareWidth > 0 {
            header(shareHeader, x: frame.maxX, alignRight: true, maxWidth: columns.shareWidth + options.columnGap / 2)
        }
        return headers
    }
}

/// The horizontal plan of the balance rows (step 2a): fonts fitted to the row height, column
/// widths, and the shared axis and scale of the bars.
struct BalanceBarsColumns: Hashable, Sendable {
    var nameFont: ChartFont
    var valueFont: ChartFont
    var balanceFont: ChartFont
    /// Width of the country names, right-aligned at its right edge.
    var nameWidth: Double
    /// Width of the balance column, ending at `balanceRight`.
    var balanceWidth: Double
    /// Right edge of the balance column: the frame's, or left of the share column.
    var balanceRight: Double
    /// Width of the share column at the frame's right edge (0: none).
    var shareWidth: Double
    /// x of the shared axis.
    var axisX: Double
    /// Points per euro.
    var scale: Double

    /// An amount at a bar end, in millions without unit.
    static func amount(_ v: Double) -> String { FrenchNumber.millionsOfEuros(v, unit: false) }
    /// A balance, signed, in millions without unit.
    static func balanceText(_ b: Double) -> String { FrenchNumber.millionsOfEuros(b, sign: true, unit: false) }
}
