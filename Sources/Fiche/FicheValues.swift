import Foundation
import TradeData

/// The placeholders offered to the page templates (documented in `assets/fiche/README.md`):
/// names, year and figures of one département, already in French typography.
public enum FicheValues {
    /// The values of `report`'s fiche; `territories` nil when no Territoires d'industrie file is known.
    public static func make(_ report: DepartementReport, territories: IndustryTerritories?) -> [String: Any] {
        let d = report.departementTrade
        let nb = "\u{00A0}"
        var v: [String: Any] = [
            "departement": report.departement.name,
            "departement_code": report.departement.code,
            "region": report.region.name,
            "annee": String(report.year),
            "annee_publication": String(report.year + 1),
            "demo": report.isDemo,
            "annee_complete": report.completeYear,
            "niveau_produits": report.level == .a129 ? "activités" : "produits",
            "niveau_nomenclature": report.level == .a129 ? "A129 (activités)" : "CPF4 (produits)",
        ]
        for (flow, key) in [(TradeFlow.exports, "exports"), (.imports, "imports")] {
            let f = report.figures(flow)
            v["\(key)_total"] = FrenchTypography.millions(f.totalEUR)
            v["\(key)_total_region"] = FrenchTypography.millions(f.regionTotalEUR)
            v["\(key)_total_france"] = FrenchTypography.millions(f.franceTotalEUR)
            v["\(key)_part_region"] = FrenchTypography.percent(f.shareOfRegionPct, decimals: 1)
            v["\(key)_part_france"] = FrenchTypography.percent(f.shareOfFrancePct, decimals: 2)
            let activities = (flow == .exports ? d.activities.exports : d.activities.imports).filter { !$0.isOthers }
            v["\(key)_premiere_activite"] = activities.first.map { $0.name } ?? "–"
            if let first = activities.first, d.total(flow) > 0 {
                v["\(key)_premiere_activite_part"] = FrenchTypography.percent(
                    (Double(first.valueEUR) / Double(d.total(flow)) * 1000).rounded() / 10, decimals: 1)
            } else {
                v["\(key)_premiere_activite_part"] = "–"
            }
        }
        let balance = d.exportsEUR - d.importsEUR
        v["solde"] = FrenchTypography.millions(abs(balance))
        v["solde_positif"] = balance >= 0
        let byExports = d.partners.sorted { $0.exportsEUR != $1.exportsEUR ? $0.exportsEUR > $1.exportsEUR : $0.code < $1.code }
        let byImports = d.partners.sorted { $0.importsEUR != $1.importsEUR ? $0.importsEUR > $1.importsEUR : $0.code < $1.code }
        v["premier_client"] = byExports.first?.name ?? "–"
        v["premier_fournisseur"] = byImports.first?.name ?? "–"
        v["premier_partenaire"] = d.partners.first?.name ?? "–"
        v["partenaires_excedentaires"] = String(d.partners.filter { $0.balanceEUR > 0 }.count)
        v["partenaires_deficitaires"] = String(d.partners.filter { $0.balanceEUR < 0 }.count)

        // Territoires d'industrie: the fewer-than-5-communes rule is IndustryTerritories.principal(for:).
        v["ti_fichier"] = territories != nil
        let principal = territories?.principal(for: report.departement.code) ?? []
        v["ti_territoires"] = principal.map { t -> [String: Any] in
            let n = t.communesByDepartement[report.departement.code] ?? 0
            return ["nom": t.name, "communes": "\(n)\(nb)commune\(n > 1 ? "s" : "")"]
        }
        v["ti_aucun"] = territories != nil && principal.isEmpty
        v["ti_nombre"] = String(principal.count)
        v["ti_minimum_communes"] = String(IndustryTerritories.minimumCommunes)
        v["ti_exclus"] = !(territories?.leftOut(for: report.departement.code).isEmpty ?? true)
        return v
    }
}
