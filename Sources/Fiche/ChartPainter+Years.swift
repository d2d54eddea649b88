import Canvas
import Charts

extension ChartPainter {
    /// Draws the years chart: bars and their values, the baseline, the year labels and legend;
    /// in each index panel the 100 line (dashed, light), then the lines: the territory solid in
    /// its flow's colour, its région dashed, France dotted.
    func paint(_ y: YearsChartLayout) {
        for bar in y.bars where bar.rect.height > 0 {
            context.fill(canvasRect(bar.rect), bar.isExport ? theme.exports : theme.imports)
        }
        if y.baseline.count == 2 {
            context.strokeLine(from: canvasPoint(y.baseline[0]), to: canvasPoint(y.baseline[1]), theme.axis, style: StrokeStyle(width: 0.6))
        }
        for reference in y.referenceLines where reference.count == 2 {
            context.strokeLine(from: canvasPoint(reference[0]), to: canvasPoint(reference[1]), Color(hex: 0xB5B5B5),
                               style: StrokeStyle(width: 0.5, dash: [2, 2]))
        }
        for line in y.lines where line.points.count > 1 {
            let (color, style): (Color, StrokeStyle)
            switch line.kind {
            case .own: (color, style) = (line.isExport ? theme.exports : theme.imports, StrokeStyle(width: 1.6, roundCaps: true))
            case .region: (color, style) = (theme.muted, StrokeStyle(width: 1, dash: [3, 2]))
            case .france: (color, style) = (theme.text, StrokeStyle(width: 1, dash: [1, 1.5], roundCaps: true))
            }
            context.move(to: canvasPoint(line.points[0]))
            for p in line.points.dropFirst() { context.line(to: canvasPoint(p)) }
            context.stroke(color, style: style)
        }
        for label in y.labels { draw(label) }
        for item in y.legend {
            context.fill(canvasRect(item.swatchRect), item.swatch == .exports ? theme.exports : theme.imports)
            draw(item.label)
        }
    }
}
