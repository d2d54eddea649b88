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
}
