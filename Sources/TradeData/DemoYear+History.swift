import Foundation

/// The demo's past years (2020–2023), so that the demo fiches show evolutions and a chart of
/// the years. Synthetic like the demo year: only 2024 is calibrated on published figures.
extension DemoYear {
    /// The years before the demo year that the demo data holds.
    package static let pastYears = 2020...2023
    /// A past year has this many times fewer lines than the demo year (its detail matters less).
    static let pastLineDivisor = 10

    /// France's totals of a past year relative to 2024: shaped like the published series (the
    /// 2020 fall, the rebound, 2022's energy imports), not equal to it.
    static let franceIndex: [Int: (exports: Double, imports: Double)] = [
        2020: (0.74, 0.72), 2021: (0.86, 0.85), 2022: (0.99, 1.12), 2023: (1.01, 1.02),
    ]

    /// Each département's total in a past year: its 2024 total times France's index, times its
    /// own trend (a yearly drift of its own, about ±4 %, compounded back from 2024) and a little
    /// noise, so that territories move apart from France and from each other.
    static func pastTargets(_ current: [Int64], flow: TradeFlow, geography: Geography, year: Int) -> [Int64] {
        var trendRng = SplitMix64(seed: seed(flow) ^ 0x7E4D_0000)
        let drift = geography.departements.map { _ in trendRng.nextGaussian() * 0.04 }
        var noiseRng = SplitMix64(seed: seed(flow) ^ UInt64(year) &* 0x51_7CC1)
        let index = flow == .exports ? franceIndex[year]?.exports ?? 1 : franceIndex[year]?.imports ?? 1
        let yearsBack = Double(Self.year - year)
        return current.indices.map { d in
            let factor = index * exp(-drift[d] * yearsBack + noiseRng.nextGaussian() * 0.03)
            return Int64((Double(current[d]) * factor).rounded())
        }
    }

    /// The customs lines of `rows` (one list per département) for `year`.
    static func encode(_ rows: [[Row]], flow: TradeFlow, geography: Geography, year: Int) -> Data {
        let products = DemoNomenclature.productCodes
        let activities = products.map(DemoNomenclature.activity(ofProduct:))
        let partners = DemoNomenclature.leadingPartners + DemoNomenclature.otherPartners
        var priceRng = SplitMix64(seed: seed(flow) ^ 0xC0FF_EE00)
        let pricePerKg = products.map { _ in exp(priceRng.nextDouble() * 6 - 1) }
        var out = [UInt8]()
        out.reserveCapacity(rows.reduce(0) { $0 + $1.count } * 44)
        let prefix = Array("\(flow.letter);".utf8)
        for (d, departement) in geography.departements.enumerated() {
            let middle = Array(";\(year);\(departement.code);\(departement.regionCode);".utf8)
            for row in rows[d] {
                out += prefix
                out.append(UInt8(0x30 + row.quarter))
                out += middle
                out += Array(activities[row.product].utf8); out.append(0x3B)
                out += Array(products[row.product].utf8); out.append(0x3B)
                out += Array(partners[row.partner].utf8); out.append(0x3B)
                out += Array(String(row.value).utf8); out.append(0x3B)
                let mass = max(1, Int64(Double(row.value) / pricePerKg[row.product]))
                out += Array(String(mass).utf8)
                out += [0x0D, 0x0A]
            }
        }
        return Data(out)
    }

    /// A département's rows of the demo year made coarser for a past year: the largest tenth as
    /// they are, the rest merged per partner and activity group (under the product and quarter of
    /// the largest), so that every partner keeps its weight, and nearly every activity.
    static func pastRows(_ all: [Row]) -> [Row] {
        let sorted = all.sorted { $0.value > $1.value }
        let head = max(40, all.count / pastLineDivisor)
        var kept = Array(sorted.prefix(head))
        var merged: [Int: Row] = [:]
        var order: [Int] = []
        // Activities grouped by their first two characters (C2…: chemistry, pharmacy, plastics):
        // a tenth of the lines for the same partners and nearly the same activity weights.
        let group = DemoNomenclature.productCodes.map { String(DemoNomenclature.activity(ofProduct: $0).prefix(2)) }
        let groupIndex = Dictionary(Set(group).sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for row in sorted.dropFirst(head) {
            let key = row.partner * 1_000 + (groupIndex[group[row.product]] ?? 0)
            if merged[key] == nil { order.append(key); merged[key] = row } else { merged[key]!.value += row.value }
        }
        kept += order.map { merged[$0]! }
        return kept
    }
}
