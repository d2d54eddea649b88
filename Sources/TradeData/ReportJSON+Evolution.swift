/// The year before in `fiche inspect --json` (`previous_year`): each evolution of the fiche in
/// the same units as its other fields (euros; percent with two decimals, absent for what did
/// not exist the year before, `direction` saying so).
extension ReportJSON {
    struct EvolutionJSON: Encodable, Equatable {
        let change_eur: Int64
        let change_pct: Double?
        let direction: String
        let previous_eur: Int64

        init(_ e: Evolution) {
            change_eur = e.changeEUR
            change_pct = e.changePct.map { ($0 * 100).rounded() / 100 }
            direction = e.direction.rawValue
            previous_eur = e.previousEUR
        }
    }
    struct FlowEvolutionJSON: Encodable { let france: EvolutionJSON, region: EvolutionJSON, total: EvolutionJSON }
    struct PartnerEvolutionJSON: Encodable { let code: String, exports: EvolutionJSON, imports: EvolutionJSON }
    struct ItemEvolutionJSON: Encodable { let code: String, evolution: EvolutionJSON }
    struct ActivityEvolutionsJSON: Encodable { let exports: [ItemEvolutionJSON], imports: [ItemEvolutionJSON] }
    struct PreviousYearJSON: Encodable {
        let activities: ActivityEvolutionsJSON
        let exports: FlowEvolutionJSON
        let imports: FlowEvolutionJSON
        let partners: [PartnerEvolutionJSON]
        let year: Int
    }

    /// The year before of `report`, for its chart's partners and its treemap's named activities.
    static func previousYear(_ report: DepartementReport, facts: ReportFacts) -> PreviousYearJSON? {
        guard let previous = report.previousYear else { return nil }
        func flow(_ f: FlowEvolution) -> FlowEvolutionJSON {
            FlowEvolutionJSON(france: EvolutionJSON(f.france), region: EvolutionJSON(f.region), total: EvolutionJSON(f.own))
        }
        let partners = report.departementTrade.partners.compactMap { p -> PartnerEvolutionJSON? in
            guard let e = previous.partnerExports[p.code], let i = previous.partnerImports[p.code] else { return nil }
            return PartnerEvolutionJSON(code: p.code, exports: EvolutionJSON(e), imports: EvolutionJSON(i))
        }
        func items(_ flow: TradeFlow) -> [ItemEvolutionJSON] {
            facts.treemap(flow).filter { !$0.isOthers }.compactMap { item in
                previous.activities(flow)[item.code].map { ItemEvolutionJSON(code: item.code, evolution: EvolutionJSON($0)) }
            }
        }
        return PreviousYearJSON(activities: ActivityEvolutionsJSON(exports: items(.exports), imports: items(.imports)),
                                exports: flow(previous.exports), imports: flow(previous.imports), partners: partners,
                                year: previous.year)
    }
}
