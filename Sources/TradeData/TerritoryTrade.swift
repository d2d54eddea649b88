/// The product nomenclature a fiche ranks: A129 activities (default) or CPF4 products.
package enum ProductLevel: String, CaseIterable, Sendable, Codable {
    case a129
    case cpf4
}

/// A coded item with its display name and value: an activity, a product or a country.
package struct NamedValue: Equatable, Sendable, Codable {
    /// Code as in the customs files; `"AUTRES"` for the folded remainder.
    package let code: String
    /// Full display name.
    package let name: String
    /// Short display name for chart labels (same as `name` where no shorter one exists).
    package let shortName: String
    package let valueEUR: Int64

    init(code: String, name: String, shortName: String? = nil, valueEUR: Int64) {
        self.code = code
        self.name = name
        self.shortName = shortName ?? name
        self.valueEUR = valueEUR
    }

    /// Code of the node holding everything beyond the top ten.
    static let othersCode = "AUTRES"
    /// Display name of that node.
    static let othersName = "Autres"

    /// Whether this is the folded "Autres" remainder.
    package var isOthers: Bool { code == Self.othersCode }
}

/// A partner country with the trade in both directions.
package struct PartnerFigures: Equatable, Sendable, Codable {
    package let code: String
    package let name: String
    package let importsEUR: Int64
    package let exportsEUR: Int64
    /// Exports − imports.
    package var balanceEUR: Int64 { exportsEUR - importsEUR }
}

/// One ribbon of a Sankey table, between a left node and a right node (by code).
package struct SankeyFlow: Equatable, Sendable, Codable {
    package let from: String
    package let to: String
    package let valueEUR: Int64
    /// One of the five largest flows whose ends are both not "Autres".
    package let highlight: Bool
}

/// A two-column Sankey table: top 10 on each side plus "Autres", flows summing to the total.
/// Exports: products (left) → countries (right). Imports: countries (left) → products (right).
package struct SankeyTable: Equatable, Sendable, Codable {
    package let left: [NamedValue]
    package let right: [NamedValue]
    package let flows: [SankeyFlow]

    /// Sum of all flows (equals the flow's total for the territory).
    var totalEUR: Int64 { flows.reduce(0) { $0 + $1.valueEUR } }
}

/// Activities (or products) ranked by value, per flow.
package struct ActivityRanking: Equatable, Sendable, Codable {
    package let imports: [NamedValue]
    package let exports: [NamedValue]
}

/// What kind of territory a `TerritoryTrade` describes.
package enum TerritoryKind: String, Sendable, Codable {
    case departement, region, france
}

/// Everything a fiche shows of one territory's trade for one year.
package struct TerritoryTrade: Equatable, Sendable {
    let kind: TerritoryKind
    package let code: String
    package let name: String
    package let exportsEUR: Int64
    package let importsEUR: Int64
    /// Top 10 partner countries by imports + exports.
    package let partners: [PartnerFigures]
    /// Every country traded with, either flow (in code order): a partner's value the year
    /// before, when it was not among that year's top ten.
    let allPartners: [PartnerFigures]
    /// All activities with a non-zero value, largest first.
    package let activities: ActivityRanking
    /// Top 10 products × top 10 countries.
    package let sankeyExports: SankeyTable
    /// Top 10 countries × top 10 products.
    package let sankeyImports: SankeyTable

    /// The total of one flow.
    func total(_ flow: TradeFlow) -> Int64 { flow == .exports ? exportsEUR : importsEUR }
}

/// A département's flow total against its region and France, with the published shares.
package struct FlowFigures: Equatable, Sendable {
    package let totalEUR: Int64
    package let regionTotalEUR: Int64
    package let franceTotalEUR: Int64

    /// Share of the region in percent, one decimal, as published ("17,1 %").
    package var shareOfRegionPct: Double { Self.percent(totalEUR, of: regionTotalEUR, decimals: 1) }
    /// Share of France in percent, two decimals ("4,17 %").
    package var shareOfFrancePct: Double { Self.percent(totalEUR, of: franceTotalEUR, decimals: 2) }

    package static func percent(_ part: Int64, of whole: Int64, decimals: Int) -> Double {
        guard whole > 0 else { return 0 }
        let scale = decimals == 1 ? 10.0 : 100.0
        return (Double(part) / Double(whole) * 100 * scale).rounded() / scale
    }
}

/// The région a région fiche describes: INSEE's code and name, and its départements' figures.
package struct RegionSubject: Sendable {
    /// INSEE région code: `84`.
    package let code: String
    /// INSEE name: `Auvergne-Rhône-Alpes`.
    package let name: String
    /// The customs région whose lines (Monaco's aside) make it.
    let customsRegion: Region
    /// Its départements' figures (customs codes, in code order; Monaco in none).
    package let departements: [TerritoryTrade]
}

/// The figures of one fiche: a département, its region and France; or, on a région fiche
/// (`regionSubject`), the région and France.
package struct DepartementReport: Sendable {
    package let year: Int
    package let level: ProductLevel
    package let departement: Departement
    package let region: Region
    package let exports: FlowFigures
    package let imports: FlowFigures
    package let departementTrade: TerritoryTrade
    package let regionTrade: TerritoryTrade
    package let franceTrade: TerritoryTrade
    /// Whether all four quarters of the year are present in both flows.
    package let completeYear: Bool
    /// Quarters present per flow.
    let quartersPresent: [TradeFlow: [Int]]
    /// `"demo"` or the files read.
    package let dataSource: String
    package let isDemo: Bool
    /// Malformed lines skipped under `--skip-bad-lines` in the files read (0 otherwise).
    let skippedLineCount: Int
    /// On a région fiche, the région it describes (then `departement` is the région as a
    /// territory, `departementTrade` and `regionTrade` its figures); nil on a département fiche.
    package let regionSubject: RegionSubject?

    /// Whether this is a région fiche's report.
    package var isRegionFiche: Bool { regionSubject != nil }
    /// The year before, when the data holds it complete; nil otherwise (`previousYearGap` says why).
    package var previousYear: PreviousYearFigures? = nil
    /// Why the year before is not compared although the data holds some of it (incomplete).
    package var previousYearGap: String? = nil
    /// Every complete year's totals up to this one, oldest first (empty with fewer than two).
    package var years: [YearFigures] = []

    /// The figures of one flow.
    package func figures(_ flow: TradeFlow) -> FlowFigures { flow == .exports ? exports : imports }
}
