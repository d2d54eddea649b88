import Testing
@testable import Charts

/// The years chart: bars on one scale from one baseline, every index line starting at 100 on
/// the same height, end labels apart and inside the frame.
@Suite struct YearsChartTests {
    let engine = YearsChartLayoutEngine(measurer: measurer)
    let frame = ChartRect(x: 0, y: 0, width: 500, height: 220)

    static let input = YearsChartInput(
        years: [2020, 2021, 2022], exports: [100e6, 150e6, 200e6], imports: [50e6, 0, 400e6],
        exportLines: [IndexLineInput(kind: .own, label: "Val-d’Oise", values: [100e6, 150e6, 200e6]),
                      IndexLineInput(kind: .region, label: "Île-de-France", values: [1e9, 1.01e9, 1.02e9]),
                      IndexLineInput(kind: .france, label: "France", values: [5e9, 5.05e9, 5.1e9])],
        importLines: [IndexLineInput(kind: .own, label: "Val-d’Oise", values: [50e6, 0, 400e6]),
                      IndexLineInput(kind: .france, label: "France", values: [6e9, 6e9, 6e9])])

    @Test func barsShareOneScaleAndOneBaseline() {
        let layout = engine.layout(Self.input, in: frame)
        #expect(layout.bars.count == 6)
        let base = layout.baseline[0].y
        #expect(layout.bars.allSatisfy { abs($0.rect.maxY - base) < 1e-9 })
        let tallest = layout.bars.max { $0.rect.height < $1.rect.height }!
        #expect(tallest.value == 400e6 && !tallest.isExport)
        let half = layout.bars.first { $0.value == 200e6 }!
        #expect(abs(half.rect.height * 2 - tallest.rect.height) < 1e-6, "200 M€ is half of 400 M€")
        #expect(layout.bars.first { $0.value == 0 }?.rect.height == 0, "a zero year has no bar, and no crash")
        #expect(layout.labels.contains { $0.text == "400" } && layout.labels.contains { $0.text == "2022" })
    }

    @Test func indexLinesStartTogetherAtOneHundred() {
        let layout = engine.layout(Self.input, in: frame)
        let exports = layout.lines.filter(\.isExport)
        #expect(exports.count == 3)
        let starts = Set(exports.map { $0.points[0].y })
        #expect(starts.count == 1, "100 for every line in the first year")
        #expect(abs(layout.referenceLines[0][0].y - exports[0].points[0].y) < 1e-9, "the 100 line")
        let own = exports.first { $0.kind == .own }!
        #expect(own.points[2].y < own.points[0].y, "×2 is drawn higher")
    }

    @Test func endLabelsStayApartAndInsideTheFrame() {
        let layout = engine.layout(Self.input, in: frame)
        let ends = layout.labels.filter { $0.text.hasSuffix(" 200") || $0.text.hasSuffix(" 102") || $0.text.hasSuffix(" 100") }
        #expect(ends.count >= 3)
        for label in layout.labels {
            #expect(label.rect.x >= frame.x - 1e-9 && label.rect.maxX <= frame.maxX + 1e-9, "«\(label.text)»")
        }
        let tops = ends.map(\.rect.y).sorted()
        for k in tops.indices.dropFirst() { #expect(tops[k] - tops[k - 1] >= ends[0].rect.height - 1e-9) }
        // A line whose first year is zero is drawn at 100 throughout rather than divided by zero.
        let zeroBase = engine.layout(YearsChartInput(years: [2023, 2024], exports: [0, 5], imports: [0, 5],
                                                     exportLines: [IndexLineInput(kind: .own, label: "X", values: [0, 5])],
                                                     importLines: []), in: frame)
        #expect(zeroBase.lines.allSatisfy { $0.points.allSatisfy { $0.y.isFinite } })
    }
}
