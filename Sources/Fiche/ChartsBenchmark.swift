import Canvas
import Charts
import Foundation

/// Timing of the chart sheet: lay out and draw the 8 charts of one département into a PDF.
public enum ChartsBenchmark {
    /// The result of a run.
    public struct Result: Sendable {
        /// Seconds to open the fonts (fontconfig scan, Pango font map): once per task.
        public var setup: Double
        /// Seconds per sheet (text engine created, layout, drawing, PDF written), one per iteration.
        public var sheets: [Double]
        /// CPU seconds of the rendering thread per sheet (less disturbed by other processes).
        public var cpu: [Double]
        public var best: Double { sheets.min() ?? 0 }
        public var median: Double { let s = sheets.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }

        /// A one-paragraph report.
        public var summary: String {
            String(format: "charts: 8 charts (bars, treemap, 6 Sankeys) laid out and drawn into a 5-page PDF: best %.1f ms, median %.1f ms over %d runs (CPU time: best %.1f ms, median %.1f ms; font setup %.1f ms, once per task)",
                   best * 1000, median * 1000, sheets.count, (cpu.min() ?? 0) * 1000,
                   cpu.isEmpty ? 0 : cpu.sorted()[cpu.count / 2] * 1000, setup * 1000)
        }
    }

    /// Renders `input` (a synthetic département when nil) `iterations` times into `outputPath`
    /// (a temporary file when nil). The font map is opened once (as a bulk task does); each sheet
    /// gets a fresh text engine, so no measurement is reused from one run to the next.
    public static func run(input: ChartSheetInput? = nil, iterations: Int = 20, fontDirectory: String? = nil,
                           outputPath: String? = nil) throws -> Result {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let fonts = try FontLibrary(directory: fontDirectory ?? FontLibrary.defaultDirectory())
        let t1 = DispatchTime.now().uptimeNanoseconds
        let data = input ?? syntheticSheet()
        let path = outputPath ?? NSTemporaryDirectory() + "charts-bench-\(getpid()).pdf"
        var times: [Double] = [], cpu: [Double] = []
        func threadCPU() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        // One warm-up run (the font map's glyph caches), then the timed ones.
        try ChartSheet(measurer: PangoTextMeasurer(engine: TextEngine(fonts: fonts))).render(data, to: path)
        for _ in 0..<max(1, iterations) {
            let a = DispatchTime.now().uptimeNanoseconds
            let c = threadCPU()
            let sheet = ChartSheet(measurer: try PangoTextMeasurer(engine: TextEngine(fonts: fonts)))
            try sheet.render(data, to: path)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e9)
            cpu.append(threadCPU() - c)
        }
        if outputPath == nil { unlink(path) }
        return Result(setup: Double(t1 - t0) / 1e9, sheets: times, cpu: cpu)
    }

    /// A deterministic, realistic département (Val-d'Oise-sized totals, real product and country
    /// names), so the benchmark runs without data files.
    public static func syntheticSheet() -> ChartSheetInput {
        let products = ["Produits pharmaceutiques", "Parfums, cosmétiques et produits d’entretien", "Produits chimiques de base",
                        "Équipements aérospatiaux", "Machines d’usage général", "Produits informatiques et électroniques",
                        "Équipements automobiles", "Articles d’habillement", "Produits en plastique", "Boissons",
                        "Produits laitiers et glaces", "Matériel électrique", "Instruments de mesure", "Cuir, bagages et chaussures"]
        let countries = ["Allemagne", "États-Unis", "Belgique", "Italie", "Espagne", "Royaume-Uni", "Chine", "Pays-Bas",
                         "Suisse", "Pologne", "Japon", "Turquie", "Maroc", "Inde"]
        var state: UInt64 = 95
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
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
            let pNodes = (0..<10).map { SankeyNodeInput(code: "P\($0)", label: products[$0], value: 0) } + [SankeyNodeInput(code: "AUTRES", label: "Autres", value: 0)]
            let cNodes = (0..<10).map { SankeyNodeInput(code: "C\($0)", label: countries[$0], value: 0) } + [SankeyNodeInput(code: "AUTRES", label: "Autres", value: 0)]
            let f = flows.keys.sorted().map { key -> SankeyFlowInput in
                let parts = key.split(separator: ">").map(String.init)
                return productsLeft
                    ? SankeyFlowInput(from: parts[0], to: parts[1], value: flows[key]!, highlight: inner.contains(key))
                    : SankeyFlowInput(from: parts[1], to: parts[0], value: flows[key]!, highlight: inner.contains(key))
            }
            return productsLeft ? SankeyInput(left: pNodes, right: cNodes, flows: f) : SankeyInput(left: cNodes, right: pNodes, flows: f)
        }
        func activities(_ total: Double) -> [TreemapItem] {
            let raw = products.indices.map { 1 / pow(Double($0 + 1), 1.2) * (0.5 + random()) }
            let s = raw.reduce(0, +)
            return raw.enumerated().map { TreemapItem(code: "A\($0.offset)", label: products[$0.offset], value: ($0.element / s * total).rounded()) }
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
                SheetSankey(name: "exports-departement", title: "Flux à l'export par produit et par pays, Val-d'Oise (2024)",
                            leftHeading: "Produits", rightHeading: "Pays de destination", totalLine: total("exportations", e),
                            detailLine: "soit 17,1\u{00A0}% des exportations de la région Île-de-France et 4,17\u{00A0}% des exportations françaises", input: sankey(total: e, productsLeft: true)),
                SheetSankey(name: "exports-region", title: "Flux à l'export, Île-de-France (2024)",
                            leftHeading: "Produits", rightHeading: "Pays de destination", totalLine: total("exportations", 141_666_300_000), input: sankey(total: 141_666_300_000, productsLeft: true)),
                SheetSankey(name: "exports-france", title: "Flux à l'export, France entière (2024)",
                            leftHeading: "Produits", rightHeading: "Pays de destination", totalLine: total("exportations", 580_354_500_000), input: sankey(total: 580_354_500_000, productsLeft: true)),
                SheetSankey(name: "imports-departement", title: "Flux à l'import par pays et par produit, Val-d'Oise (2024)",
                            leftHeading: "Pays d'origine", rightHeading: "Produits", totalLine: total("importations", i),
                            detailLine: "soit 13,2\u{00A0}% des importations de la région Île-de-France et 3,72\u{00A0}% des importations françaises", input: sankey(total: i, productsLeft: false)),
                SheetSankey(name: "imports-region", title: "Flux à l'import, Île-de-France (2024)",
                            leftHeading: "Pays d'origine", rightHeading: "Produits", totalLine: total("importations", 192_202_900_000), input: sankey(total: 192_202_900_000, productsLeft: false)),
                SheetSankey(name: "imports-france", title: "Flux à l'import, France entière (2024)",
                            leftHeading: "Pays d'origine", rightHeading: "Produits", totalLine: total("importations", 684_776_300_000), input: sankey(total: 684_776_300_000, productsLeft: false)),
            ])
    }
}
