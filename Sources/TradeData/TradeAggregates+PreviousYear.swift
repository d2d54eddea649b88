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
