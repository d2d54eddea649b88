import Testing
@testable import Charts

@Suite struct BalanceBarsStepTests {
    let engine = BalanceBarsLayoutEngine(measurer: measurer)
    var lineHeight: Double { measurer.measure("Ég", font: BalanceBarsOptions().legendFont).height }

    @Test func partnersWithoutTradeAreLeftOutAndNegativeAmountsCountAsZero() {
        var omitted: [String] = []
        let rows = BalanceBarsLayoutEngine.tradingRows([
            BalanceRowInput(code: "DE", label: "Allemagne", imports: -5, exports: 10),
            BalanceRowInput(code: "XX", label: "Nulle part", imports: 0, exports: .nan),
            BalanceRowInput(code: "IT", label: "Italie", imports: 3, exports: .infinity),
        ], omitted: &omitted)
        #expect(rows.map(\.code) == ["DE", "IT"])
        #expect(rows[0].imports == 0 && rows[0].exports == 10)
        #expect(rows[1].imports == 3 && rows[1].exports == 0)
        #expect(omitted == ["XX: no trade"])
    }

    @Test func theLegendSitsAtTheBottomOnOneLineWhenWideAndWrapsWhenNarrow() {
        let wide = engine.placeLegend(in: barsFrame, lineHeight: lineHeight)
        #expect(wide.items.map(\.swatch) == [.imports, .exports, .surplus, .deficit])
        #expect(Set(wide.items.map(\.label.rect.y)).count == 1)
        #expect(abs(wide.height - (lineHeight + 6)) < 1e-9)
        #expect(abs(wide.items[0].label.rect.y - (barsFrame.maxY - lineHeight)) < 1e-9)

        let narrowFrame = ChartRect(x: 50, y: 120, width: 180, height: 220)
        let narrow = engine.placeLegend(in: narrowFrame, lineHeight: lineHeight)
        let lines = Set(narrow.items.map(\.label.rect.y)).count
        #expect(lines > 1)
        #expect(abs(narrow.height - (Double(lines) * lineHeight + 6)) < 1e-9)
        #expect(narrow.items.allSatisfy { narrowFrame.contains($0.label.rect, tolerance: 1e-6) })
    }

    @Test func theBarsShareOneScaleSplitAtTheAxisByTheLargestImport() {
        let rows = realisticPartners().rows
        let columns = engine.balanceColumns(rows, in: barsFrame, rowHeight: 18)
        let maxImports = rows.map(\.imports).max() ?? 0, maxExports = rows.map(\.exports).max() ?? 0
        let options = BalanceBarsOptions()
        // The largest import bar and its amount end right after the name column.
        let amountWidth = rows.map { measurer.measure(BalanceBarsColumns.amount($0.imports), font: columns.valueFont).width }.max() ?? 0
        let barsLeft = barsFrame.x + columns.nameWidth + options.columnGap + amountWidth + options.valueGap
        #expect(abs(columns.axisX - maxImports * columns.scale - barsLeft) < 1e-6)
        #expect(columns.axisX + maxExports * columns.scale < barsFrame.maxX - columns.balanceWidth)
        #expect(columns.nameWidth <= barsFrame.width * options.maxNameShare + 1e-9)
    }

    @Test func rowsTooThinForTheFontsShrinkThem() {
        let columns = engine.balanceColumns(realisticPartners().rows, in: barsFrame, rowHeight: 6)
        let options = BalanceBarsOptions()
        #expect(columns.nameFont.size < options.nameFont.size && columns.balanceFont.size < options.balanceFont.size)
        #expect(measurer.measure("Ég", font: columns.nameFont).height <= 6 || columns.nameFont.size <= 4)
    }

    @Test func noRowsGiveAZeroScale() {
        let columns = engine.balanceColumns([], in: barsFrame, rowHeight: 20)
        #expect(columns.scale == 0 && columns.nameWidth == 0)
    }

    @Test func eachRowIsCentredOnItsBandWithItsBarsAtTheAxis() {
        let rows = [BalanceRowInput(code: "DE", label: "Allemagne", imports: 2_000_000, exports: 5_000_000)]
        let columns = BalanceBarsColumns(nameFont: ChartFont(size: 7.5), valueFont: ChartFont(size: 7),
                                         balanceFont: ChartFont(size: 7.5, weight: .semibold), nameWidth: 80,
                                         balanceWidth: 30, balanceRight: barsFrame.maxX, shareWidth: 0, axisX: 300, scale: 1e-5)
        let placed = engine.placeRows(rows, columns, top: 140, rowHeight: 20, in: barsFrame)
        #expect(placed.count == 1)
        let row = placed[0]
        #expect(row.rowRect == ChartRect(x: barsFrame.x, y: 140, width: barsFrame.width, height: 20))
        #expect(abs(row.importBar.maxX - 300) < 1e-9 && row.exportBar.x == 300)
        #expect(abs(row.importBar.width - 20) < 1e-9 && abs(row.exportBar.width - 50) < 1e-9)
        #expect(abs(row.importBar.midY - row.rowRect.midY) < 1e-9)
        #expect(row.labels.map(\.role) == [.name, .value, .value, .positive])
        #expect(abs(row.labels[0].rect.maxX - (barsFrame.x + 80)) < 1e-9)
        #expect(abs(row.labels[3].rect.maxX - barsFrame.maxX) < 1e-9)
    }

    @Test func headersSlideLeftWhenTheExportSideIsTooNarrow() {
        let options = BalanceBarsOptions()
        let columns = BalanceBarsColumns(nameFont: options.nameFont, valueFont: options.valueFont, balanceFont: options.balanceFont,
                                         nameWidth: 80, balanceWidth: 30, balanceRight: barsFrame.maxX, shareWidth: 0,
                                         axisX: barsFrame.maxX - 60, scale: 1)
        let headers = engine.placeHeaders(columns, in: barsFrame)
        #expect(headers.map(\.text) == ["← Importations (M€)", "Exportations (M€) →", "Solde"])
        #expect(headers.allSatisfy { !$0.isShortened && $0.rect.y == barsFrame.y })
        let limitRight = barsFrame.maxX - columns.balanceWidth - options.columnGap
        #expect(abs(headers[1].rect.maxX - limitRight) < 1e-9)
        #expect(abs(headers[1].rect.x - headers[0].rect.maxX - 8) < 1e-9)
    }

    @Test func aShareColumnSitsAtTheRightEdgeWithTheBalanceBesideIt() {
        let rows = [BalanceRowInput(code: "69", label: "Rhône (69)", imports: 2_000_000, exports: 5_000_000, share: "31,2 %"),
                    BalanceRowInput(code: "01", label: "Ain (01)", imports: 1_000_000, exports: 1_000_000, share: "4,0 %")]
        let layout = engine.layout(BalanceBarsInput(rows: rows, shareHeader: "Part"), in: barsFrame)
        let share = layout.rows[0].labels.last!
        #expect(share.text == "31,2 %" && abs(share.rect.maxX - barsFrame.maxX) < 1e-9)
        let balance = layout.rows[0].labels[3]
        #expect(balance.role == .positive && balance.rect.maxX < share.rect.x - 7)
        #expect(layout.headers.map(\.text) == ["← Importations (M€)", "Exportations (M€) →", "Solde", "Part"])
        #expect(layout.rows.allSatisfy { $0.exportBar.maxX < balance.rect.x })
    }
}
