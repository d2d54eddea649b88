/// The product nomenclature a fiche ranks: A129 activities (default) or CPF4 products.
public enum ProductLevel: String, CaseIterable, Sendable, Codable {
    case a129
    case cpf4
}

/// A coded item with its display name and value: an activity, a product or a country.
public struct NamedValue: Equatable, Sendable, Codable {
    /// Code as in the customs files; `"AUTRES"` for the folded remainder.
    public let code: String
    /// Full display name.
    public let name: String
    /// Short display name for chart labels (same as `name` where no shorter one exists).
    public let shortName: String
    public let valueEUR: Int64

    public init(code: String, name: String, shortName: String? = nil, valueEUR: Int64) {
        self.code = code
        self.name = name
        self.shortName = shortName ?? name
        self.valueEUR = valueEUR
    }

    /// Code of the node holding everything beyond the top ten.
    public static let othersCode = "AUTRES"
    /// Display name of that node.
    public static let othersName = "Autres"

    /// Whether this is the folded "Autres" remainder.
    public var isOthers: Bool { code == Self.othersCode }
}

/// A partner country with the trade in both directions.
public struct PartnerFigures: Equatable, Sendable, Codable {
    public let code: String
    public let name: String
    public let importsEUR: Int64
    public let exportsEUR: Int64
    /// Exports − imports.
    public var balanceEUR: Int64 { exportsEUR - importsEUR }
}

/// One ribbon of a Sankey table, between a left node and a right node (by code).
public struct SankeyFlow: Equatable, Sendable, Codable {
    public let from: String
    public let to: String
    public let valueEUR: Int64
    /// One of the five largest flows whose ends are both not "Autres".
    public let highlight: Bool
}

/// A two-column Sankey table: top 10 on each side plus "Autres", flows summing to the total.
/// Exports: products (left) → countries (right). Imports: countries (left) → products (right).
public struct SankeyTable: Equatable, Sendable, Codable {
    public let left: [NamedValue]
    public let right: [NamedValue]
    public let flows: [SankeyFlow]

    /// Sum of all flows (equals the flow's total for the territory).
    public var totalEUR: Int64 { flows.reduce(0) { $0 + $1.valueEUR } }
}

/// Activities (or products) ranked by value, per flow.
public struct ActivityRanking: Equatable, Sendable, Codable {
    public let imports: [NamedValue]
    public let exports: [NamedValue]
}

/// What kind of territory a `TerritoryTrade` describes.
public enum TerritoryKind: String, Sendable, Codable {
    case departement, region, france
}

/// Everything a fiche shows of one territory's trade for one year.
public struct TerritoryTrade: Equatable, Sendable {
    public let kind: TerritoryKind
    public let code: String
    public let name: String
    public let exportsEUR: Int64
    public let importsEUR: Int64
    /// Top 10 partner countries by imports + exports.
    public let partners: [PartnerFigures]
    /// All activities with a non-zero value, largest first.
    public let activities: ActivityRanking
    /// Top 10 products × top 10 countries.
    public let sankeyExports: SankeyTable
    /// Top 10 countries × top 10 products.
    public let sankeyImports: SankeyTable

    /// The total of one flow.
    public func total(_ flow: TradeFlow) -> Int64 { flow == .exports ? exportsEUR : importsEUR }
}

/// A département's flow total against its region and France, with the published shares.
public struct FlowFigures: Equatable, Sendable {
    public let totalEUR: Int64
    public let regionTotalEUR: Int64
    public let franceTotalEUR: Int64

    /// Share of the region in percent, one decimal, as published ("17,1 %").
    public var shareOfRegionPct: Double { Self.percent(totalEUR, of: regionTotalEUR, decimals: 1) }
    /// Share of France in percent, two decimals ("4,17 %").
    public var shareOfFrancePct: Double { Self.percent(totalEUR, of: franceTotalEUR, decimals: 2) }

    static func percent(_ part: Int64, of whole: Int64, decimals: Int) -> Double {
        guard whole > 0 else { return 0 }
        let scale = decimals == 1 ? 10.0 : 100.0
        return (Double(part) / Double(whole) * 100 * scale).rounded() / scale
    }
}

/// The figures of one département's fiche: itself, its region and France.
public struct DepartementReport: Sendable {
    public let year: Int
    public let level: ProductLevel
    public let departement: Departement
    public let region: Region
    public let exports: FlowFigures
    public let imports: FlowFigures
    public let departementTrade: TerritoryTrade
    public let regionTrade: TerritoryTrade
    public let franceTrade: TerritoryTrade
    /// Whether all four quarters of the year are present in both flows.
    public let completeYear: Bool
    /// Quarters present per flow.
    public let quartersPresent: [TradeFlow: [Int]]
    /// `"demo"` or the files read.
    public let dataSource: String
    public let isDemo: Bool
    /// Malformed lines skipped under `--skip-bad-lines` in the files read (0 otherwise).
    public let skippedLineCount: Int

    /// The figures of one flow.
    public func figures(_ flow: TradeFlow) -> FlowFigures { flow == .exports ? exports : imports }
}
