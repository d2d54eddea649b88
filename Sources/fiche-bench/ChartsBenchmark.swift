import FrenchNumbers
import Canvas
import Charts
import Fiche
import Foundation
import TradeData
import ProjectFiles

/// Timing of the chart sheet: lay out and draw the 8 charts of one département into a PDF.
enum ChartsBenchmark {
    /// The result of a run.
    struct Result: Sendable {
        /// Seconds to open the fonts (fontconfig scan, Pango font map): once per task.
        var setup: Double
        /// Wall seconds per run of the 8 charts alone (text engine created, layout, painting, PDF written).
        var charts: [Double]
        /// CPU seconds of the rendering thread for the same runs (less disturbed by other processes).
        var chartsCPU: [Double]
        /// Wall seconds per run of the whole chart sheet (charts plus titles, captions, headers, footers).
        var sheets: [Double]

        static func best(_ v: [Double]) -> Double { v.min() ?? 0 }
        static func median(_ v: [Double]) -> Double { let s = v.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
        var best: Double { Self.best(charts) }
        var median: Double { Self.median(charts) }

        /// A report of the figures, in milliseconds.
        var summary: String {
            String(format: """
                charts: lay out and draw the 8 charts of one département (bars, treemap, 6 Sankeys) into a 5-page PDF:
                  best %.1f ms, median %.1f ms over %d runs (CPU time: best %.1f ms, median %.1f ms)
                  the whole chart sheet (with titles, captions, headers, footers): best %.1f ms, median %.1f ms
                  font setup (fontconfig scan, Pango font map; once per task): %.1f ms
                """,
                   best * 1000, median * 1000, charts.count, Self.best(chartsCPU) * 1000, Self.median(chartsCPU) * 1000,
                   Self.best(sheets) * 1000, Self.median(sheets) * 1000, setup * 1000)
        }
    }

    /// Renders `input` (a synthetic département when nil) `iterations` times: the 8 charts alone
    /// into a temporary file, then the whole sheet. The font map is opened
    /// once (as a bulk task does); each run gets a fresh text engine, so no measurement is reused
    /// from one run to the next.
    static func run(input: ChartSheetInput? = nil, iterations: Int = 20, fontDirectory: String? = nil) throws -> Result {
        let origin = ContinuousClock.now
        func now() -> Double { (ContinuousClock.now - origin) / .seconds(1) }
        func threadCPU() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        let t0 = now()
        let fonts = try FontLibrary(directory: fontDirectory ?? ProjectFolder.fonts(besideAssets: ProjectFolder.assets()).path)
        let setup = now() - t0
        let data = input ?? syntheticSheet()
        let path = NSTemporaryDirectory() + "charts-bench-\(getpid()).pdf"
        let sheetPath = NSTemporaryDirectory() + "charts-bench-sheet-\(getpid()).pdf"
        defer {
            unlink(path)
            unlink(sheetPath)
        }
        var result = Result(setup: setup, charts: [], chartsCPU: [], sheets: [])
        // One warm-up run of each (the font map's glyph caches), then the timed ones.
        try drawCharts(data, fonts: fonts, to: path)
        try ChartSheet(measurer: PangoTextMeasurer(engine: TextEngine(fonts: fonts))).render(data, to: sheetPath)
        for _ in 0..<max(1, iterations) {
            let a = now(), c = threadCPU()
            try drawCharts(data, fonts: fonts, to: path)
            result.charts.append(now() - a)
            result.chartsCPU.append(threadCPU() - c)
        }
        for _ in 0..<max(1, iterations) {
            let a = now()
            try ChartSheet(measurer: PangoTextMeasurer(engine: TextEngine(fonts: fonts))).render(data, to: sheetPath)
            result.sheets.append(now() - a)
        }
        return result
    }

    /// The 8 charts alone, in the frames of the sheet: bars and treemap on page 1, the département's
    /// Sankeys on pages 2 and 4, region and France on pages 3 and 5. Each chart is a tagged figure.
    static func drawCharts(_ data: ChartSheetInput, fonts: FontLibrary, to path: String) throws {
        let measurer = try PangoTextMeasurer(engine: TextEngine(fonts: fonts))
        let doc = try PDFDocument(text: measurer.engine)
        let x = ChartSheet.margin, w = CanvasSize.a4.width - 2 * ChartSheet.margin
        try doc.page { ctx in
            let painter = ChartPainter(context: ctx, measurer: measurer)
            let bars = BalanceBarsLayoutEngine(measurer: measurer).layout(data.partners, in: ChartRect(x: x, y: 120, width: w, height: 235))
            ctx.tagged(.figure) { painter.paint(bars) }
            let tree = TreemapLayoutEngine(measurer: measurer).layout(data.activities, in: ChartRect(x: x, y: 410, width: w, height: 330))
            ctx.tagged(.figure) { painter.paint(tree) }
        }
        let pages: [[Int]] = data.sankeys.count == 6 ? [[0], [1, 2], [3], [4, 5]] : data.sankeys.indices.map { [$0] }
        for group in pages {
            try doc.page { ctx in
                let painter = ChartPainter(context: ctx, measurer: measurer)
                let height = group.count == 1 ? 600.0 : 280
                for (k, i) in group.enumerated() {
                    let frame = ChartRect(x: x, y: 110 + Double(k) * (height + 70), width: w, height: height)
                    let layout = SankeyLayoutEngine(measurer: measurer).layout(data.sankeys[i].input, in: frame)
                    ctx.tagged(.figure) { painter.paint(layout) }
                }
            }
        }
        try AtomicFile.write(Data(try doc.finish()), to: URL(fileURLWithPath: path))
    }

    /// A deterministic, realistic département (Val-d'Oise-sized totals, real product and country
    /// names), so the benchmark runs without data files.
    static func syntheticSheet() -> ChartSheetInput {
        let products = ["Produits pharmaceutiques", "Parfums, cosmétiques et produits d’entretien", "Produits chimiques de base",
                        "Équipements aérospatiaux", "Machines d’usage général", "Produits informatiques et électroniques",
                        "Équipements automobiles", "Articles d’habillement", "Produits en plastique", "Boissons",
                        "Produits laitiers et glaces", "Matériel électrique", "Instruments de mesure", "Cuir, bagages et chaussures"]
        let countries = ["Allemagne", "États-Unis", "Belgique", "Italie", "Espagne", "Royaume-Uni", "Chine", "Pays-Bas",
                         "Suisse", "Pologne", "Japon", "Turquie", "Maroc", "Inde"]
        var generator = SplitMix64(seed: 95)
        func random() -> Double { generator.nextDouble() }
        func sankey(total: Double, productsLeft: Bool) -> SankeyInput {
            var cells: [[Double]] = products.indices.map { p in
                countries.indices.map { c in 1 / pow(Double(p + 1), 1.1) / pow(Double(c + 1), 0.9) * (0.3 + random()) }
            }
            let sum = cells.joined().reduce(0, +)
            cells = cells.map { $0.map { ($0 / sum * total).rounded() } }
            let pCode = { (p: Int) in p < 10 ? "P\(p)" : "AUTRES" }, cCode = { (c: Int) in c < 10 ? "C\(c)" : "AUTRES" }
            var flows: [String: Double] = [:]
            for p in products.indices { for c in countries.indices { flows[pCode(p) + ">" + cCode(c), default: 0] += cells[p][c] } }
            let inner = flows.filter { !$0.key.contains("AUTRES") }.sorted { $0.value > $1.value }.prefix(5).map(\.key)
            let pNodes = (0..<10).map { ChartItem(code: "P\($0)", label: products[$0], value: 0) } + [ChartItem(code: "AUTRES", label: "Autres", value: 0)]
            let cNodes = (0..<10).map { ChartItem(code: "C\($0)", label: countries[$0], value: 0) } + [ChartItem(code: "AUTRES", label: "Autres", value: 0)]
            let f = flows.keys.sorted().map { key -> SankeyFlowInput in
                let parts = key.split(separator: ">").map(String.init)
                return productsLeft
                    ? SankeyFlowInput(from: parts[0], to: parts[1], value: flows[key]!, highlight: inner.contains(key))
                    : SankeyFlowInput(from: parts[1], to: parts[0], value: flows[key]!, highlight: inner.contains(key))
            }
            return productsLeft ? SankeyInput(left: pNodes, right: cNodes, flows: f) : SankeyInput(left: cNodes, right: pNodes, flows: f)
        }
        func activities(_ total: Double) -> [ChartItem] {
            let raw = products.indices.map { 1 / pow(Double($0 + 1), 1.2) * (0.5 + random()) }
            let s = raw.reduce(0, +)
            return raw.enumerated().map { ChartItem(code: "A\($0.offset)", label: products[$0.offset], value: ($0.element / s * total).rounded()) }
        }
        let partners = BalanceBarsInput(rows: (0..<10).map { i in
            let scale = 4e9 / pow(Double(i + 1), 0.8)
            return BalanceRowInput(code: "C\(i)", label: countries[i], imports: (scale * (0.3 + random())).rounded(),
                                   exports: (scale * (0.3 + random())).rounded())
        })
        func total(_ label: String, _ v: Double) -> String { "Total des \(label) : \(FrenchNumber.millionsOfEuros(v))" }
        let e = 24_188_700_000.0, i = 25_441_300_000.0
        return ChartSheetInput(
            territory: "Val-d'Oise (95)", year: 2024, isDemo: true,
            source: "Source : DGDDI, statistiques départementales du commerce extérieur 2024",
            partners: partners,
            activities: TreemapInput(imports: activities(i), exports: activities(e)),
            sankeys: [
                SheetSankey(name: "exports-departement", flow: .exports, title: "Flux à l'export par produit et par pays, Val-d'Oise (2024)",
                            leftHeading: "Produits", rightHeading: "Pays de destination", totalLine: total("exportations", e),
                            detailLine: "soit 17,1\u{00A0}% des exportations de la région Île-de-France et 4,17\u{00A0}% des exportations françaises", input: sankey(total: e, productsLeft: true)),
                SheetSankey(name: "exports-region", flow: .exports, title: "Flux à l'export, Île-de-France (2024)",
                            leftHeading: "Produits", rightHeading: "Pays de destination", totalLine: total("exportations", 141_666_300_000), input: sankey(total: 141_666_300_000, productsLeft: true)),
                SheetSankey(name: "exports-france", flow: .exports, title: "Flux à l'export, France entière (2024)",
                            leftHeading: "Produits", rightHeading: "Pays de destination", totalLine: total("exportations", 580_354_500_000), input: sankey(total: 580_354_500_000, productsLeft: true)),
                SheetSankey(name: "imports-departement", flow: .imports, title: "Flux à l'import par pays et par produit, Val-d'Oise (2024)",
                            leftHeading: "Pays d'origine", rightHeading: "Produits", totalLine: total("importations", i),
                            detailLine: "soit 13,2\u{00A0}% des importations de la région Île-de-France et 3,72\u{00A0}% des importations françaises", input: sankey(total: i, productsLeft: false)),
                SheetSankey(name: "imports-region", flow: .imports, title: "Flux à l'import, Île-de-France (2024)",
                            leftHeading: "Pays d'origine", rightHeading: "Produits", totalLine: total("importations", 192_202_900_000), input: sankey(total: 192_202_900_000, productsLeft: false)),
                SheetSankey(name: "imports-france", flow: .imports, title: "Flux à l'import, France entière (2024)",
                            leftHeading: "Pays d'origine", rightHeading: "Produits", totalLine: total("importations", 684_776_300_000), input: sankey(total: 684_776_300_000, productsLeft: false)),
            ])
    }
}
