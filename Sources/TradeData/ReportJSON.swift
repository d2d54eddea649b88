import Foundation

/// The JSON form of a `DepartementReport`, as printed by `fiche inspect --json`:
/// amounts in euros (integers), shares in percent as published.
package struct ReportJSON: Encodable {
    /// A place: a département's `code` is INSEE's when it is one INSEE département (974 for
    /// customs 9D), else the customs code (Corse 20, covering 2A and 2B); `customs_code` is the
    /// customs one, for départements only.
    struct Place: Encodable { let code: String; var customs_code: String? = nil; let name: String }
    /// A département of a région fiche, with its part of the région's flows.
    struct Member: Encodable {
        let code: String, customs_code: String, name: String, exports_eur: Int64, imports_eur: Int64, balance_eur: Int64
        let share_of_region_exports_pct: Double, share_of_region_imports_pct: Double
    }
    struct Flow: Encodable {
        let total_eur: Int64, region_total_eur: Int64, france_total_eur: Int64
        let share_of_region_pct: Double, share_of_france_pct: Double
    }
    struct Item: Encodable { let code: String; let name: String; let short_name: String; let value_eur: Int64 }
    struct Partner: Encodable { let code: String; let name: String; let imports_eur: Int64; let exports_eur: Int64; let balance_eur: Int64 }
    struct Flows: Encodable { let imports: [Item]; let exports: [Item] }
    struct Link: Encodable { let from: String; let to: String; let value_eur: Int64; let highlight: Bool }
    struct Sankey: Encodable { let left: [Item]; let right: [Item]; let flows: [Link] }
    struct Sankeys: Encodable { let exports: Sankey; let imports: Sankey }
    struct Territory: Encodable {
        let code: String, name: String, exports_eur: Int64, imports_eur: Int64
        let partners: [Partner], activities: Flows, sankey: Sankeys
    }

    /// What the fiche's sentences and treemap state (`ReportFacts`).
    struct Statements: Encodable {
        let first_client: Item?, first_supplier: Item?
        let first_activity: FirstActivities
        let partners_listed: Int, partners_surplus: Int, partners_deficit: Int, partners_balanced: Int
        let partners_share_of_trade_pct: Double
        let treemap: Flows
        let balance_eur: Int64

        enum CodingKeys: String, CodingKey {
            case first_client, first_supplier, first_activity, partners_listed, partners_surplus, partners_deficit
            case partners_balanced, partners_share_of_trade_pct, treemap, balance_eur
        }

        /// Absent values are written as `null`, so a reader sees that the sentence has no subject.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(first_client, forKey: .first_client)
            try c.encode(first_supplier, forKey: .first_supplier)
            try c.encode(first_activity, forKey: .first_activity)
            try c.encode(partners_listed, forKey: .partners_listed)
            try c.encode(partners_surplus, forKey: .partners_surplus)
            try c.encode(partners_deficit, forKey: .partners_deficit)
            try c.encode(partners_balanced, forKey: .partners_balanced)
            try c.encode(partners_share_of_trade_pct, forKey: .partners_share_of_trade_pct)
            try c.encode(treemap, forKey: .treemap)
            try c.encode(balance_eur, forKey: .balance_eur)
        }
    }
    struct FirstActivities: Encodable {
        let exports: Item?, imports: Item?
        enum CodingKeys: String, CodingKey { case exports, imports }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(exports, forKey: .exports)
            try c.encode(imports, forKey: .imports)
        }
    }

    /// `departement` or `region`: what the fiche describes.
    let kind: String
    let year: Int
    let level: String
    let demo: Bool
    let statements: Statements
    let skipped_lines: Int
    /// The département (absent on a région fiche).
    let departement: Place?
    /// The département's région (its comparison block), or the région a région fiche describes.
    let region: Place
    /// A région fiche's départements (absent on a département fiche).
    let departements: [Member]?
    let exports: Flow
    let imports: Flow
    let partners: [Partner]
    let activities: Flows
    let sankey: Sankeys
    let region_figures: Territory?
    /// The year before, when the data holds it complete.
    let previous_year: PreviousYearJSON?
    /// Why the year before is not compared although part of it is in the data.
    let previous_year_gap: String?
    let france_figures: Territory?
    let complete_year: Bool
    let quarters_present: [String: [Int]]
    let data_source: String

    /// The report as JSON; `comparisons` adds the region's and France's charts.
    package init(_ report: DepartementReport, comparisons: Bool = false) {
        year = report.year
        level = report.level.rawValue
        kind = report.isRegionFiche ? "region" : "departement"
        (departement, region, departements) = Self.places(report)
        func flow(_ f: FlowFigures) -> Flow {
            Flow(total_eur: f.totalEUR, region_total_eur: f.regionTotalEUR, france_total_eur: f.franceTotalEUR,
                 share_of_region_pct: f.shareOfRegionPct, share_of_france_pct: f.shareOfFrancePct)
        }
        exports = flow(report.exports)
        imports = flow(report.imports)
        let own = Self.territory(report.departementTrade)
        partners = own.partners
        activities = own.activities
        sankey = own.sankey
        region_figures = comparisons ? Self.territory(report.regionTrade) : nil
        france_figures = comparisons ? Self.territory(report.franceTrade) : nil
        complete_year = report.completeYear
        quarters_present = Dictionary(uniqueKeysWithValues: report.quartersPresent.map {
            ($0.key == .exports ? "exports" : "imports", $0.value)
        })
        data_source = report.dataSource
        demo = report.isDemo
        skipped_lines = report.skippedLineCount
        let facts = ReportFacts(report)
        statements = Self.statements(facts)
        previous_year = Self.previousYear(report, facts: facts)
        previous_year_gap = report.previousYearGap
    }

    /// The département (its INSEE code when it is one INSEE département, 974; else the customs
    /// code, Corse 20), its région (INSEE code and name; the overseas block keeps its customs code)
    /// and, on a région fiche, the région's départements.
    static func places(_ report: DepartementReport) -> (Place?, Place, [Member]?) {
        if let subject = report.regionSubject {
            func pct(_ part: Int64, _ whole: Int64) -> Double { FlowFigures.percent(part, of: whole, decimals: 1) }
            let members = subject.departements.map { d in
                Member(code: FrenchTerritories.fileCode(ofCustoms: d.code), customs_code: d.code, name: d.name,
                       exports_eur: d.exportsEUR, imports_eur: d.importsEUR, balance_eur: d.exportsEUR - d.importsEUR,
                       share_of_region_exports_pct: pct(d.exportsEUR, report.exports.totalEUR),
                       share_of_region_imports_pct: pct(d.importsEUR, report.imports.totalEUR))
            }
            return (nil, Place(code: subject.code, customs_code: subject.customsRegion.code, name: subject.name), members)
        }
        let d = report.departement
        let departement = Place(code: FrenchTerritories.fileCode(ofCustoms: d.code), customs_code: d.code, name: d.name)
        let insee = FrenchTerritories.inseeRegion(of: report.region)
        // The overseas block is no INSEE région: named by the word its URLs use (24 is Centre-Val de Loire for INSEE).
        let region = Place(code: insee?.code ?? "outre-mer", customs_code: report.region.code,
                           name: insee?.name ?? "ensemble des départements d’outre-mer")
        return (departement, region, nil)
    }

    static func item(_ v: NamedValue) -> Item { Item(code: v.code, name: v.name, short_name: v.shortName, value_eur: v.valueEUR) }

    static func statements(_ facts: ReportFacts) -> Statements {
        Statements(
            first_client: facts.firstClient.map(item), first_supplier: facts.firstSupplier.map(item),
            first_activity: FirstActivities(exports: facts.firstActivity(.exports).map(item),
                                            imports: facts.firstActivity(.imports).map(item)),
            partners_listed: facts.partnerCount, partners_surplus: facts.surplusPartnerCount,
            partners_deficit: facts.deficitPartnerCount, partners_balanced: facts.balancedPartnerCount,
            partners_share_of_trade_pct: facts.listedPartnersSharePct,
            treemap: Flows(imports: facts.treemapImports.map(item), exports: facts.treemapExports.map(item)),
            balance_eur: facts.balanceEUR)
    }

    static func territory(_ t: TerritoryTrade) -> Territory {
        func items(_ values: [NamedValue]) -> [Item] {
            values.map { Item(code: $0.code, name: $0.name, short_name: $0.shortName, value_eur: $0.valueEUR) }
        }
        func sankey(_ s: SankeyTable) -> Sankey {
            Sankey(left: items(s.left), right: items(s.right),
                   flows: s.flows.map { Link(from: $0.from, to: $0.to, value_eur: $0.valueEUR, highlight: $0.highlight) })
        }
        return Territory(
            code: t.code, name: t.name, exports_eur: t.exportsEUR, imports_eur: t.importsEUR,
            partners: t.partners.map { Partner(code: $0.code, name: $0.name, imports_eur: $0.importsEUR,
                                               exports_eur: $0.exportsEUR, balance_eur: $0.balanceEUR) },
            activities: Flows(imports: items(t.activities.imports), exports: items(t.activities.exports)),
            sankey: Sankeys(exports: sankey(t.sankeyExports), imports: sankey(t.sankeyImports)))
    }
}
