import Foundation

/// The figures of one year for every territory at once: each département, each region
/// and France, computed in two passes over the rows and then shared by all fiches.
///
/// Pass 1 sums values per (territory, product) and (territory, country); the top tens
/// follow from those sums. Pass 2 sums values into each territory's 11 × 11 Sankey
/// matrix (top ten + "Autres" on each side), so flows add up exactly to the totals.
package final class TradeAggregates: Sendable {
    package let year: Int
    package let level: ProductLevel
    package let dataset: TradeDataset
    /// Quarters present per flow in the year.
    package let quartersPresent: [TradeFlow: [Int]]
    /// Whether the data is the synthetic demo year: loaded as such, or recognised by its
    /// content (every département's totals are the generator's), wherever the files came from.
    package let isDemo: Bool
    /// Départements, then regions, then France.
    let territories: [TerritoryTrade]
    /// The year before, aggregated the same way, when the data holds all four quarters of both
    /// its flows (a year compared with a partial one would show false evolutions).
    package let previous: TradeAggregates?
    /// Why the year before is not compared although the data holds part of it; nil otherwise.
    package let previousYearGap: String?
    /// The totals of every complete year up to this one (empty with fewer than two).
    let history: [YearTotals]

    /// Number of items kept on each side of a Sankey and in the partner list.
    package static let topCount = 10
    /// Number of highlighted Sankey flows.
    static let highlightCount = 5

    /// Aggregates the dataset for a year at a product level.
    /// `comparesPreviousYear`: also aggregate the year before, when complete (`previous`).
    package init(dataset: TradeDataset, year: Int, level: ProductLevel = .a129, comparesPreviousYear: Bool = true) throws {
        self.year = year
        self.level = level
        self.dataset = dataset
        if dataset.summarizedYears.contains(year) { throw TradeDataError.yearReadAsTotals(year: year) }
        let frame = AggregationFrame(dataset: dataset, year: year, level: level)
        let available = dataset.quartersByYear()
        guard let quarters = available[year] else {
            throw TradeDataError.yearNotFound(year: year, available: available.keys.sorted())
        }
        for flow in TradeFlow.allCases where quarters[flow] == nil {
            throw TradeDataError.missingFlow(flow: flow, files: dataset.sources)
        }
        self.quartersPresent = quarters.mapValues { $0.sorted() }
        try Self.checkTotalFits(dataset, year: year)
        let trades = frame.territoryTrades()
        self.territories = trades
        let departementTrades = trades.prefix(dataset.geography.departements.count)
        self.isDemo = dataset.isDemo || (year == DemoYear.year && DemoYear.matchesTotals(
            departementCodes: dataset.geography.departements.map(\.code),
            exports: departementTrades.map(\.exportsEUR), imports: departementTrades.map(\.importsEUR)))
        (previous, previousYearGap) = comparesPreviousYear
            ? try Self.previousYear(of: year, dataset: dataset, level: level, quarters: available[year - 1] ?? [:]) : (nil, nil)
        history = comparesPreviousYear ? YearTotals.history(dataset, upTo: year) : []
    }

    /// Every sum the aggregation makes (a territory, a product, a partner's exports plus
    /// imports) is part of the year's grand total of both flows: when that total fits in
    /// 64 bits, none can overflow. Otherwise a clear error rather than a trap.
    static func checkTotalFits(_ dataset: TradeDataset, year: Int) throws {
        let wanted = UInt16(clamping: year)
        let chunks = dataset.chunks
        // Each file's total on its own core (nil: over 64 bits), then their sum.
        let totals = concurrentMap(chunks.count) { k -> Int64? in
            let chunk = chunks[k]
            guard chunk.holds(year: year) else { return 0 }
            return chunk.year.withUnsafeBufferPointer { years in
                chunk.value.withUnsafeBufferPointer { values in
                    var total: Int64 = 0
                    for i in 0..<years.count where years[i] == wanted {
                        let (sum, overflow) = total.addingReportingOverflow(values[i])
                        if overflow || sum < 0 { return nil }
                        total = sum
                    }
                    return total
                }
            }
        }
        var total: Int64 = 0
        for part in totals {
            guard let part else { throw TradeDataError.totalTooLarge(year: year) }
            let (sum, overflow) = total.addingReportingOverflow(part)
            if overflow || sum < 0 { throw TradeDataError.totalTooLarge(year: year) }
            total = sum
        }
    }

    /// Whether all four quarters are present in both flows.
    package var completeYear: Bool { quartersPresent.values.allSatisfy { $0.count == 4 } && quartersPresent.count == 2 }

    /// The département's figures and those of its region and France.
    package func report(for code: String) throws -> DepartementReport {
        let geography = dataset.geography
        guard let index = geography.index(of: code) else { throw TradeDataError.unknownDepartement(code: code) }
        let departement = geography.departements[index]
        guard let regionIndex = geography.regions.firstIndex(where: { $0.code == departement.regionCode }) else {
            throw TradeDataError.unknownDepartement(code: code)
        }
        let own = territories[index]
        let region = territories[geography.departements.count + regionIndex]
        let france = territories[territories.count - 1]
        func figures(_ flow: TradeFlow) -> FlowFigures {
            FlowFigures(totalEUR: own.total(flow), regionTotalEUR: region.total(flow), franceTotalEUR: france.total(flow))
        }
        var report = DepartementReport(
            year: year, level: level, departement: departement, region: geography.regions[regionIndex],
            exports: figures(.exports), imports: figures(.imports),
            departementTrade: own, regionTrade: region, franceTrade: france,
            completeYear: completeYear, quartersPresent: quartersPresent,
            dataSource: dataset.dataSourceDescription, isDemo: isDemo,
            skippedLineCount: dataset.skippedCount, regionSubject: nil)
        report.previousYear = previousYearFigures(own: index, region: geography.departements.count + regionIndex)
        report.years = yearFigures(own: index, region: geography.departements.count + regionIndex)
        report.previousYearGap = previousYearGap
        return report
    }

    /// The trade of a département, region (by code) or France.
    package func territory(_ kind: TerritoryKind, code: String = "") -> TerritoryTrade? {
        territories.first { $0.kind == kind && (kind == .france || $0.code == code) }
    }
}

/// The working arrays of an aggregation: codes made global, dense sums per territory.
struct AggregationFrame: Sendable {
    let dataset: TradeDataset
    let year: Int
    let level: ProductLevel
    let productCodes: [String]
    let countryCodes: [String]
    /// Territory index of each département's region (-1 for Monaco, in no region: a region's
    /// figures are the sum of its départements' lines), and France's index.
    let regionOf: [Int]
    let territoryCount: Int
    let franceIndex: Int
    /// Per chunk: local product / country index → global index.
    let productRemap: [[Int32]]
    let countryRemap: [[Int32]]
    /// Each product's name and short name, each country's name, by global index: made once,
    /// not once per territory (names are looked up and checked for printing).
    let productNames: [(name: String, short: String)]
    let countryNames: [String]

    init(dataset: TradeDataset, year: Int, level: ProductLevel) {
        self.dataset = dataset
        self.year = year
        self.level = level
        // Only the files holding the year: another year's codes (or a summary's) are not its.
        let holding = dataset.chunks.map { $0.holds(year: year) }
        let localProducts = dataset.chunks.enumerated().map { k, c in holding[k] ? (level == .a129 ? c.activityCodes : c.productCodes) : [] }
        productCodes = Array(Set(localProducts.joined())).sorted()
        countryCodes = Array(Set(dataset.chunks.enumerated().flatMap { k, c in holding[k] ? c.countryCodes : [] })).sorted()
        let productIndex = Dictionary(uniqueKeysWithValues: productCodes.enumerated().map { ($1, Int32($0)) })
        let countryIndex = Dictionary(uniqueKeysWithValues: countryCodes.enumerated().map { ($1, Int32($0)) })
        productRemap = localProducts.map { $0.map { productIndex[$0] ?? 0 } }
        countryRemap = dataset.chunks.enumerated().map { k, c in holding[k] ? c.countryCodes.map { countryIndex[$0] ?? 0 } : [] }
        let names = dataset.names
        productNames = productCodes.map { code in
            level == .a129 ? (names.activity(code, year: year), names.activityShort(code, year: year))
                : (names.product(code, year: year), names.productShort(code, year: year))
        }
        countryNames = countryCodes.map { names.country($0, year: year) }
        let geography = dataset.geography
        let d = geography.departements.count
        regionOf = geography.departements.map { dep in
            guard FrenchTerritories.countsInRegion(customs: dep.code) else { return -1 }
            return d + geography.regions.firstIndex { $0.code == dep.regionCode }!
        }
        territoryCount = d + geography.regions.count + 1
        franceIndex = territoryCount - 1
    }

    /// Runs both passes for each flow (the two flows in parallel) and builds every
    /// territory's figures.
    func territoryTrades() -> [TerritoryTrade] {
        let f = concurrentMap(2) { flow in flowFrame(UInt8(flow)) }
        // Every territory's figures are built apart from the others: on every core.
        return concurrentMap(territoryCount) { territory in
            buildTerritory(territory, productSums: f.map(\.productSums), countrySums: f.map(\.countrySums),
                           topProducts: f.map(\.topProducts), topCountries: f.map(\.topCountries),
                           matrices: f.map(\.matrices))
        }
    }

    /// One flow's sums per territory, its top tens and its Sankey matrices.
    struct FlowFrame {
        var productSums: [Int64]
        var countrySums: [Int64]
        var topProducts: [[Int]]
        var topCountries: [[Int]]
        var matrices: [Int64]
    }

    /// Both passes over the rows of one flow.
    func flowFrame(_ flow: UInt8) -> FlowFrame {
        let p = productCodes.count, c = countryCodes.count, t = territoryCount
        // Pass 1 (AggregationPasses.swift): sums per département × product and × country,
        // then rolled up to the regions and France.
        var (productSums, countrySums) = departementSums(of: flow)
        for dep in 0..<regionOf.count {
            for territory in [regionOf[dep], franceIndex] where territory >= 0 {
                for i in 0..<p { productSums[territory * p + i] += productSums[dep * p + i] }
                for i in 0..<c { countrySums[territory * c + i] += countrySums[dep * c + i] }
            }
        }
        // Top tens and the slot (0…9, 10 = "Autres") of every product and country.
        var topProducts: [[Int]] = [], topCountries: [[Int]] = []
        var productSlot = [UInt8](repeating: 10, count: t * p)
        var countrySlot = [UInt8](repeating: 10, count: t * c)
        for territory in 0..<t {
            let tp = TradeAggregates.top(productSums, offset: territory * p, count: p, limit: TradeAggregates.topCount)
            let tc = TradeAggregates.top(countrySums, offset: territory * c, count: c, limit: TradeAggregates.topCount)
            for (rank, i) in tp.enumerated() { productSlot[territory * p + i] = UInt8(rank) }
            for (rank, i) in tc.enumerated() { countrySlot[territory * c + i] = UInt8(rank) }
            topProducts.append(tp)
            topCountries.append(tc)
        }
        // Pass 2: 11 × 11 matrices (product slot × country slot) of the département, its
        // region and France.
        let matrices = matrices(of: flow, productSlot: productSlot, countrySlot: countrySlot)
        return FlowFrame(productSums: productSums, countrySums: countrySums, topProducts: topProducts,
                         topCountries: topCountries, matrices: matrices)
    }

    private func buildTerritory(_ territory: Int, productSums: [[Int64]], countrySums: [[Int64]],
                                topProducts: [[[Int]]], topCountries: [[[Int]]], matrices: [[Int64]]) -> TerritoryTrade {
        let geography = dataset.geography
        let p = productCodes.count, c = countryCodes.count
        let (kind, code, name): (TerritoryKind, String, String)
        if territory < geography.departements.count {
            let d = geography.departements[territory]
            (kind, code, name) = (.departement, d.code, d.name)
        } else if territory < franceIndex {
            let r = geography.regions[territory - geography.departements.count]
            (kind, code, name) = (.region, r.code, r.name)
        } else {
            (kind, code, name) = (.france, "FR", "France")
        }
        func product(_ i: Int, _ value: Int64) -> NamedValue {
            NamedValue(code: productCodes[i], name: productNames[i].name, shortName: productNames[i].short, valueEUR: value)
        }
        func country(_ i: Int, _ value: Int64) -> NamedValue {
            NamedValue(code: countryCodes[i], name: countryNames[i], valueEUR: value)
        }
        func total(_ flow: Int) -> Int64 { productSums[flow][territory * p ..< (territory + 1) * p].reduce(0, +) }
        func ranking(_ flow: Int) -> [NamedValue] {
            TradeAggregates.top(productSums[flow], offset: territory * p, count: p, limit: p)
                .map { product($0, productSums[flow][territory * p + $0]) }
        }
        // Partners: top ten by imports + exports.
        var both = [Int64](repeating: 0, count: c)
        for i in 0..<c { both[i] = countrySums[0][territory * c + i] + countrySums[1][territory * c + i] }
        let partners = TradeAggregates.top(both, offset: 0, count: c, limit: TradeAggregates.topCount).map { i in
            PartnerFigures(code: countryCodes[i], name: countryNames[i],
                           importsEUR: countrySums[1][territory * c + i], exportsEUR: countrySums[0][territory * c + i])
        }
        func sankey(_ flow: Int) -> SankeyTable {
            let products = topProducts[flow][territory].map { product($0, productSums[flow][territory * p + $0]) }
            let countries = topCountries[flow][territory].map { country($0, countrySums[flow][territory * c + $0]) }
            let cells = Array(matrices[flow][territory * 121 ..< (territory + 1) * 121])
            let table = SankeyMatrix(rows: products, columns: countries, cells: cells, total: total(flow))
            // Exports read products → countries; imports read countries → products.
            return flow == 0 ? table.table(rowsOnLeft: true) : table.table(rowsOnLeft: false)
        }
        let allPartners = (0..<c).filter { both[$0] > 0 }.map { i in
            PartnerFigures(code: countryCodes[i], name: countryNames[i],
                           importsEUR: countrySums[1][territory * c + i], exportsEUR: countrySums[0][territory * c + i])
        }
        return TerritoryTrade(kind: kind, code: code, name: name, exportsEUR: total(0), importsEUR: total(1),
                              partners: partners, allPartners: allPartners,
                              activities: ActivityRanking(imports: ranking(1), exports: ranking(0)),
                              sankeyExports: sankey(0), sankeyImports: sankey(1))
    }
}

extension TradeAggregates {
    /// Indices of the `limit` largest non-zero values, largest first, ties by index
    /// (codes are sorted, so ties go by code).
    static func top(_ sums: [Int64], offset: Int, count: Int, limit: Int) -> [Int] {
        if limit >= count {
            // A whole ranking: sorted once (inserting each in order would be quadratic).
            return (0..<count).filter { sums[offset + $0] > 0 }.sorted {
                sums[offset + $0] != sums[offset + $1] ? sums[offset + $0] > sums[offset + $1] : $0 < $1
            }
        }
        var best: [Int] = []
        for i in 0..<count where sums[offset + i] > 0 {
            let v = sums[offset + i]
            // Insert in order; a later index with an equal value ranks after.
            var position = best.count
            while position > 0 && sums[offset + best[position - 1]] < v { position -= 1 }
            if position < limit {
                best.insert(i, at: position)
                if best.count > limit { best.removeLast() }
            }
        }
        return best
    }
}
