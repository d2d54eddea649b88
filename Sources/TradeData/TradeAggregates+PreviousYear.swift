/// The year before a fiche's year: compared only when the data holds it complete.
extension TradeAggregates {
    /// The year before `year` aggregated, when `quarters` (its quarters per flow in the data)
    /// are all four of both flows; else nil, with the reason when part of it is there.
    static func previousYear(of year: Int, dataset: TradeDataset, level: ProductLevel,
                             quarters prior: [TradeFlow: Set<Int>]) throws -> (TradeAggregates?, String?) {
        guard !prior.isEmpty else { return (nil, nil) }
        if TradeFlow.allCases.allSatisfy({ prior[$0]?.count == 4 }) {
            return (try TradeAggregates(dataset: dataset, year: year - 1, level: level, comparesPreviousYear: false), nil)
        }
        let present = TradeFlow.allCases.map { flow in
            "\(flow == .exports ? "exports" : "imports"): " + ((prior[flow] ?? []).isEmpty ? "none"
                : (prior[flow] ?? []).sorted().map { "Q\($0)" }.joined(separator: ","))
        }.joined(separator: "; ")
        return (nil, "\(year - 1) is incomplete in the data (\(present)): not compared with \(year)")
    }

    /// The evolutions since the year before of the territories at these indices (the fiche's
    /// own, its région's), with France's; nil when the year before is not compared.
    func previousYearFigures(own: Int, region: Int) -> PreviousYearFigures? {
        guard let previous else { return nil }
        let last = territories.count - 1
        return PreviousYearFigures.compare(
            year: previous.year,
            current: (territories[own], territories[region], territories[last]),
            previous: (previous.territories[own], previous.territories[region], previous.territories[last]))
    }
}

/// One complete year's totals of a fiche's territory, its comparison région and France.
package struct YearFigures: Equatable, Sendable {
    package let year: Int
    package let exportsEUR: Int64, importsEUR: Int64
    package let regionExportsEUR: Int64, regionImportsEUR: Int64
    package let franceExportsEUR: Int64, franceImportsEUR: Int64
}

/// Every complete year's totals for every territory (départements, régions, France: the
/// aggregation's order), summed in one pass over the rows.
struct YearTotals: Sendable {
    let year: Int
    let exports: [Int64]
    let imports: [Int64]

    /// The complete years up to `last` (all four quarters of both flows), oldest first.
    static func history(_ dataset: TradeDataset, upTo last: Int) -> [YearTotals] {
        let years = dataset.quartersByYear().filter { year, flows in
            year <= last && TradeFlow.allCases.allSatisfy { flows[$0]?.count == 4 }
        }.keys.sorted()
        guard years.count > 1 else { return [] }
        let geography = dataset.geography
        let d = geography.departements.count, count = d + geography.regions.count + 1
        var sums = [[Int64]](repeating: [Int64](repeating: 0, count: 2 * d), count: years.count)
        // Year → slot through a table (years fit in 16 bits): no hashing per row.
        var slot = [Int16](repeating: -1, count: 65_536)
        for (k, year) in years.enumerated() { slot[year] = Int16(k) }
        for chunk in dataset.chunks where years.contains(where: chunk.holds(year:)) {
            chunk.year.withUnsafeBufferPointer { ys in
            chunk.flow.withUnsafeBufferPointer { fs in
            chunk.departement.withUnsafeBufferPointer { ds in
            chunk.value.withUnsafeBufferPointer { vs in
                for i in 0..<ys.count {
                    let y = slot[Int(ys[i])]
                    if y >= 0 { sums[Int(y)][Int(fs[i]) * d + Int(ds[i])] += vs[i] }
                }
            }}}}
        }
        // Roll up: a région is the sum of its départements (Monaco in none), France of them all.
        let regionOf = geography.departements.map { dep -> Int? in
            guard FrenchTerritories.countsInRegion(customs: dep.code) else { return nil }
            return geography.regions.firstIndex { $0.code == dep.regionCode }.map { d + $0 }
        }
        return years.enumerated().map { y, year in
            var totals = [[Int64]](repeating: [Int64](repeating: 0, count: count), count: 2)
            for flow in 0..<2 {
                for dep in 0..<d {
                    let v = sums[y][flow * d + dep]
                    totals[flow][dep] += v
                    if let r = regionOf[dep] { totals[flow][r] += v }
                    totals[flow][count - 1] += v
                }
            }
            return YearTotals(year: year, exports: totals[0], imports: totals[1])
        }
    }
}

extension TradeAggregates {
    /// The complete years' totals of the territories at these indices, with France's.
    func yearFigures(own: Int, region: Int) -> [YearFigures] {
        history.map { t in
            YearFigures(year: t.year, exportsEUR: t.exports[own], importsEUR: t.imports[own],
                        regionExportsEUR: t.exports[region], regionImportsEUR: t.imports[region],
                        franceExportsEUR: t.exports[t.exports.count - 1], franceImportsEUR: t.imports[t.imports.count - 1])
        }
    }
}
