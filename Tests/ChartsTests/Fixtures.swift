@testable import Charts

/// A deterministic pseudo-random generator (64-bit LCG), so fixtures are the same on every run.
struct SeededGenerator {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

let productNames = [
    "Produits pharmaceutiques", "Parfums, cosmétiques et produits d’entretien", "Produits chimiques de base",
    "Équipements aérospatiaux", "Machines d’usage général", "Produits informatiques et électroniques",
    "Équipements automobiles", "Articles d’habillement", "Produits en plastique", "Boissons",
    "Produits laitiers et glaces", "Matériel électrique", "Instruments de mesure", "Cuir, bagages et chaussures",
    "Produits sidérurgiques", "Meubles", "Verre et articles en verre", "Papier et carton",
]
let countryNames = [
    "Allemagne", "États-Unis", "Belgique", "Italie", "Espagne", "Royaume-Uni", "Chine", "Pays-Bas", "Suisse",
    "Pologne", "Japon", "Turquie", "Maroc", "Inde", "Corée du Sud", "Brésil", "Canada", "Singapour",
]

/// A Sankey the way the fiche builds it from customs aggregates: a product × country matrix with a
/// realistic skew, folded to the top 10 on each side plus "Autres", the 5 largest inner flows highlighted.
func realisticSankey(total: Double = 24_188_700_000, seed: UInt64 = 95, top: Int = 10) -> SankeyInput {
    var rng = SeededGenerator(state: seed)
    var cells: [(p: Int, c: Int, v: Double)] = []
    for p in productNames.indices {
        for c in countryNames.indices {
            let skew = 1 / pow(Double(p + 1), 1.1) / pow(Double(c + 1), 0.9)
            cells.append((p, c, skew * (0.3 + rng.next())))
        }
    }
    let sum = cells.reduce(0) { $0 + $1.v }
    cells = cells.map { ($0.p, $0.c, ($0.v / sum * total).rounded()) }
    var pTotals = [Double](repeating: 0, count: productNames.count), cTotals = [Double](repeating: 0, count: countryNames.count)
    for cell in cells { pTotals[cell.p] += cell.v; cTotals[cell.c] += cell.v }
    let topP = Array(pTotals.indices.sorted { pTotals[$0] > pTotals[$1] }.prefix(top))
    let topC = Array(cTotals.indices.sorted { cTotals[$0] > cTotals[$1] }.prefix(top))
    func pCode(_ p: Int) -> String { topP.contains(p) ? "P\(p)" : "AUTRES" }
    func cCode(_ c: Int) -> String { topC.contains(c) ? "C\(c)" : "AUTRES" }
    var flows: [String: Double] = [:]
    for cell in cells { flows[pCode(cell.p) + ">" + cCode(cell.c), default: 0] += cell.v }
    var left = topP.map { ChartItem(code: "P\($0)", label: productNames[$0], value: pTotals[$0]) }
    left.append(ChartItem(code: "AUTRES", label: "Autres", value: pTotals.indices.filter { !topP.contains($0) }.reduce(0) { $0 + pTotals[$1] }))
    var right = topC.map { ChartItem(code: "C\($0)", label: countryNames[$0], value: cTotals[$0]) }
    right.append(ChartItem(code: "AUTRES", label: "Autres", value: cTotals.indices.filter { !topC.contains($0) }.reduce(0) { $0 + cTotals[$1] }))
    let inner = flows.filter { !$0.key.contains("AUTRES") }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    let highlighted = Set(inner.prefix(5).map(\.key))
    let flowInputs = flows.keys.sorted().map { key -> SankeyFlowInput in
        let parts = key.split(separator: ">").map(String.init)
        return SankeyFlowInput(from: parts[0], to: parts[1], value: flows[key]!, highlight: highlighted.contains(key))
    }
    return SankeyInput(left: left, right: right, flows: flowInputs)
}

/// Activities for the treemap: a skewed list of products.
func realisticActivities(total: Double, seed: UInt64, count: Int = 18) -> [ChartItem] {
    var rng = SeededGenerator(state: seed)
    let raw = (0..<count).map { 1 / pow(Double($0 + 1), 1.2) * (0.5 + rng.next()) }
    let sum = raw.reduce(0, +)
    return raw.enumerated().map { ChartItem(code: "A\($0.offset)", label: productNames[$0.offset % productNames.count],
                                              value: ($0.element / sum * total).rounded()) }
}

/// Top-10 partners with imports and exports.
func realisticPartners(seed: UInt64 = 95) -> BalanceBarsInput {
    var rng = SeededGenerator(state: seed)
    return BalanceBarsInput(rows: (0..<10).map { i in
        let scale = 4_000_000_000 / pow(Double(i + 1), 0.8)
        return BalanceRowInput(code: "C\(i)", label: countryNames[i], imports: (scale * (0.3 + rng.next())).rounded(),
                               exports: (scale * (0.3 + rng.next())).rounded())
    })
}

let measurer = ApproximateTextMeasurer()

/// A 40-character label.
let longLabel = "Produits chimiques de base et azotés, pla"

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
