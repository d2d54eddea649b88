/// How one amount moved since the year before: never a division by zero, an infinite or a
/// «+100 %» for something that did not exist (`direction` says `new`).
package struct Evolution: Equatable, Sendable {
    package let previousEUR: Int64
    package let currentEUR: Int64

    /// Under this change in percent, either way, the amount is «stable».
    static let stableBelowPct = 0.05

    init(previous: Int64, current: Int64) {
        previousEUR = previous
        currentEUR = current
    }

    /// Current − previous, in euros.
    package var changeEUR: Int64 { currentEUR - previousEUR }

    /// The change in percent of the year before; nil when there was nothing then.
    package var changePct: Double? { previousEUR > 0 ? Double(changeEUR) / Double(previousEUR) * 100 : nil }

    /// Which way it went.
    package enum Direction: String, Sendable {
        case rising, falling, stable
        /// Nothing the year before, something now.
        case new
        /// Something the year before, nothing now.
        case vanished
        /// Nothing either year.
        case absent
    }

    package var direction: Direction {
        guard previousEUR > 0 else { return currentEUR > 0 ? .new : .absent }
        guard currentEUR > 0 else { return .vanished }
        let pct = changePct ?? 0
        if abs(pct) < Self.stableBelowPct { return .stable }
        return pct > 0 ? .rising : .falling
    }
}

/// One flow's evolution for a fiche's territory, its comparison région and France.
package struct FlowEvolution: Equatable, Sendable {
    package let own: Evolution
    package let region: Evolution
    package let france: Evolution
}

/// The year before a fiche's year, when the data holds it complete (four quarters of both
/// flows): the evolutions of the totals, of the partners and of the activities.
package struct PreviousYearFigures: Sendable {
    package let year: Int
    package let exports: FlowEvolution
    package let imports: FlowEvolution
    /// Every partner of the fiche's chart, by country code: exports and imports.
    package let partnerExports: [String: Evolution]
    package let partnerImports: [String: Evolution]
    /// Every activity (or product) with a value either year, by code, per flow.
    let activityExports: [String: Evolution]
    let activityImports: [String: Evolution]
    /// On a région fiche, each of its départements, by customs code: exports and imports.
    package internal(set) var departements: [String: (exports: Evolution, imports: Evolution)] = [:]

    package func flow(_ flow: TradeFlow) -> FlowEvolution { flow == .exports ? exports : imports }
    package func activities(_ flow: TradeFlow) -> [String: Evolution] { flow == .exports ? activityExports : activityImports }

    /// The evolutions of `current` since `previous` (the same territory a year before), with
    /// those of its région and France.
    static func compare(year: Int, current: (own: TerritoryTrade, region: TerritoryTrade, france: TerritoryTrade),
                        previous: (own: TerritoryTrade, region: TerritoryTrade, france: TerritoryTrade)) -> PreviousYearFigures {
        func flow(_ f: TradeFlow) -> FlowEvolution {
            FlowEvolution(own: Evolution(previous: previous.own.total(f), current: current.own.total(f)),
                          region: Evolution(previous: previous.region.total(f), current: current.region.total(f)),
                          france: Evolution(previous: previous.france.total(f), current: current.france.total(f)))
        }
        let before = Dictionary(previous.own.allPartners.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var partnerExports: [String: Evolution] = [:], partnerImports: [String: Evolution] = [:]
        for p in current.own.partners {
            partnerExports[p.code] = Evolution(previous: before[p.code]?.exportsEUR ?? 0, current: p.exportsEUR)
            partnerImports[p.code] = Evolution(previous: before[p.code]?.importsEUR ?? 0, current: p.importsEUR)
        }
        func activities(_ now: [NamedValue], _ then: [NamedValue]) -> [String: Evolution] {
            var values: [String: (Int64, Int64)] = [:]
            for v in then { values[v.code, default: (0, 0)].0 += v.valueEUR }
            for v in now { values[v.code, default: (0, 0)].1 += v.valueEUR }
            return values.mapValues { Evolution(previous: $0.0, current: $0.1) }
        }
        return PreviousYearFigures(
            year: year, exports: flow(.exports), imports: flow(.imports),
            partnerExports: partnerExports, partnerImports: partnerImports,
            activityExports: activities(current.own.activities.exports, previous.own.activities.exports),
            activityImports: activities(current.own.activities.imports, previous.own.activities.imports))
    }
}
