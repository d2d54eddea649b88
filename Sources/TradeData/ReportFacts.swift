/// What the fiche's sentences and its treemap state about a département, derived once from its
/// report, so that the text, the charts and `fiche inspect --json` always say the same thing.
package struct ReportFacts: Sendable, Equatable {
    /// The largest export partner among all countries (not only the top ten by trade);
    /// nil when the département exports nothing.
    package let firstClient: NamedValue?
    /// The largest import partner among all countries; nil when it imports nothing.
    package let firstSupplier: NamedValue?
    /// Partners drawn in the balance chart (at most ten).
    package let partnerCount: Int
    /// Listed partners to which the département sells more than it buys.
    package let surplusPartnerCount: Int
    /// Listed partners from which it buys more than it sells.
    package let deficitPartnerCount: Int
    /// Listed partners with exports exactly equal to imports.
    package let balancedPartnerCount: Int
    /// Share of the département's trade (imports + exports) held by the listed partners, in
    /// percent with one decimal (0 when there is no trade).
    package let listedPartnersSharePct: Double
    /// The treemap's export tiles: the ten largest activities, then « Autres » when anything is left.
    let treemapExports: [NamedValue]
    /// The treemap's import tiles, same rule.
    let treemapImports: [NamedValue]
    /// Exports − imports, in euros.
    package let balanceEUR: Int64
    /// Malformed lines skipped under `--skip-bad-lines` in the files read.
    package let skippedLineCount: Int

    /// Number of activities named in the treemap and on each side of a Sankey.
    static let namedItemCount = TradeAggregates.topCount

    package init(_ report: DepartementReport) {
        let trade = report.departementTrade
        firstClient = trade.sankeyExports.right.first { !$0.isOthers && $0.valueEUR > 0 }
        firstSupplier = trade.sankeyImports.left.first { !$0.isOthers && $0.valueEUR > 0 }
        partnerCount = trade.partners.count
        surplusPartnerCount = trade.partners.filter { $0.balanceEUR > 0 }.count
        deficitPartnerCount = trade.partners.filter { $0.balanceEUR < 0 }.count
        balancedPartnerCount = trade.partners.filter { $0.balanceEUR == 0 }.count
        let listed = trade.partners.reduce(Int64(0)) { $0 + $1.importsEUR + $1.exportsEUR }
        let all = trade.exportsEUR + trade.importsEUR
        listedPartnersSharePct = all > 0 ? (Double(listed) / Double(all) * 1000).rounded() / 10 : 0
        treemapExports = Self.tenAndOthers(trade.activities.exports)
        treemapImports = Self.tenAndOthers(trade.activities.imports)
        balanceEUR = trade.exportsEUR - trade.importsEUR
        skippedLineCount = report.skippedLineCount
    }

    /// The treemap tiles of one flow.
    package func treemap(_ flow: TradeFlow) -> [NamedValue] { flow == .exports ? treemapExports : treemapImports }

    /// The largest activity of a flow (nil when the flow is zero).
    package func firstActivity(_ flow: TradeFlow) -> NamedValue? { treemap(flow).first { !$0.isOthers } }

    /// The ten largest items of a ranking (largest first, zero values left out), then one
    /// « Autres » item holding the rest when the rest is not zero.
    package static func tenAndOthers(_ ranking: [NamedValue]) -> [NamedValue] {
        let positive = ranking.filter { $0.valueEUR > 0 && !$0.isOthers }
        var items = Array(positive.prefix(namedItemCount))
        let rest = positive.dropFirst(namedItemCount).reduce(Int64(0)) { $0 + $1.valueEUR }
            + ranking.filter(\.isOthers).reduce(Int64(0)) { $0 + $1.valueEUR }
        if rest > 0 { items.append(NamedValue(code: NamedValue.othersCode, name: NamedValue.othersName, valueEUR: rest)) }
        return items
    }
}
