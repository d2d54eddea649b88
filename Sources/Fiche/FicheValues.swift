import FrenchNumbers
import Foundation
import Charts
import TradeData

/// The placeholders offered to the page templates (documented in `assets/fiche/README.md`):
/// names with their articles, year and figures of one département, already in French
/// typography, and the yes/no flags that choose a sentence's variant (a count of none, one,
/// several or all; a zero flow; a zero balance; Corse; the overseas départements), so that no
/// sentence ever carries a placeholder or a figure the charts contradict.
enum FicheValues {
    /// The values of `report`'s fiche; `territories` nil when no Territoires d'industrie file is known.
    static func make(_ report: DepartementReport, territories: IndustryTerritories?, places: FrenchPlaceNames) -> [String: Any] {
        let facts = ReportFacts(report)
        var v: [String: Any] = [
            "departement_code": report.departement.readerCode,
            "annee": String(report.year),
            "annee_publication": String(report.year + 1),
            "demo": report.isDemo,
            "annee_complete": report.completeYear,
        ]
        let level = levelAgreements(activities: report.level == .a129)
        v.merge(level) { $1 }
        if let subject = report.regionSubject {
            v.merge(regionPlaceValues(subject, places: places)) { $1 }
            v.merge(regionTerritoryValues(subject, territories: territories)) { $1 }
            v.merge(regionDepartementValues(subject, places: places)) { $1 }
        } else {
            v.merge(placeValues(report, places: places)) { $1 }
            v.merge(territoryValues(report, territories: territories)) { $1 }
        }
        v.merge(flowValues(report, facts: facts)) { $1 }
        v.merge(evolutionValues(report, subjectDe: v["du_territoire"] as? String ?? "")) { $1 }
        v.merge(balanceValues(facts)) { $1 }
        v.merge(partnerValues(report, facts: facts)) { $1 }
        v.merge(sankeyKeyValues(report, level: level)) { $1 }
        v["treemap_hors_echelle"] = TreemapLayoutEngine.partsOutOfScale(
            importTotal: Double(report.departementTrade.importsEUR), exportTotal: Double(report.departementTrade.exportsEUR))
        let skipped = facts.skippedLineCount
        v["lignes_ignorees"] = skipped > 0
        v["lignes_ignorees_nombre"] = FrenchNumber.format(Double(skipped), decimals: 0)
        v["lignes_ignorees_une"] = skipped == 1
        return v
    }

    /// Names and articles of the département and its region, and what kind of place they are.
    static func placeValues(_ report: DepartementReport, places: FrenchPlaceNames) -> [String: Any] {
        let code = report.departement.code
        let dep = places.departement(report.departement)
        let region = places.region(report.region)
        let isCorse = code == "20"
        let overseas = FrenchPlaceNames.isOverseas(code)
        let regionIsGroup = region == FrenchPlaceNames.overseasGroup
        var v: [String: Any] = [
            "departement": dep.name,
            "departement_de": dep.withDe,
            "le_departement": isCorse ? "la Corse" : "le département " + dep.withDe,
            "Le_departement": isCorse ? "La Corse" : "Le département " + dep.withDe,
            "du_departement": isCorse ? "de la Corse" : "du département " + dep.withDe,
            "region": region.name,
            "region_de": region.withDe,
            "region_titre": regionIsGroup ? "ensemble des " + region.name : "région " + region.name,
            "est_corse": isCorse,
            "est_outre_mer": overseas,
            "region_distincte": report.region.departementCodes.count > 1,
            "region_groupe_outre_mer": regionIsGroup,
            "region_departements": FrenchTypography.count(report.region.departementCodes.count),
        ]
        v["departement_metropole"] = !isCorse && !overseas
        // The same names under the words a région fiche's templates use.
        for (neutral, key) in [("territoire", "departement"), ("territoire_de", "departement_de"), ("le_territoire", "le_departement"),
                               ("Le_territoire", "Le_departement"), ("du_territoire", "du_departement")] {
            v[neutral] = v[key]
        }
        v["est_region"] = false
        v["est_departement"] = true
        return v
    }

    /// Totals, shares, first activity and chart counts of each flow, with their zero variants.
    static func flowValues(_ report: DepartementReport, facts: ReportFacts) -> [String: Any] {
        var v: [String: Any] = [:]
        let d = report.departementTrade
        for (flow, key) in [(TradeFlow.exports, "exports"), (.imports, "imports")] {
            let f = report.figures(flow)
            v["\(key)_total"] = FrenchTypography.millions(f.totalEUR)
            v["\(key)_total_region"] = FrenchTypography.millions(f.regionTotalEUR)
            v["\(key)_total_france"] = FrenchTypography.millions(f.franceTotalEUR)
            v["\(key)_montant"] = amount(f.totalEUR)
            v["\(key)_montant_region"] = amount(f.regionTotalEUR)
            v["\(key)_montant_france"] = amount(f.franceTotalEUR)
            // TradeData's shares are in percent, rounded as published; FrenchNumber.percent takes
            // a fraction. Dividing by 100 changes no printed digit (FrenchNumbersTests checks all).
            // A share that exists but rounds to zero reads «moins de 0,1 %» (région) or «moins de 0,01 %».
            v["\(key)_part_region"] = f.totalEUR > 0 && f.shareOfRegionPct == 0 ? "moins de 0,1\u{00A0}%"
                : FrenchNumber.percent(f.shareOfRegionPct / 100, decimals: 1)
            v["\(key)_part_france"] = f.totalEUR > 0 && f.shareOfFrancePct == 0 ? "moins de 0,01\u{00A0}%"
                : FrenchNumber.percent(f.shareOfFrancePct / 100, decimals: 2)
            v["\(key)_nul"] = f.totalEUR == 0
            v["\(key)_non_nul"] = f.totalEUR != 0
            if let first = facts.firstActivity(flow), f.totalEUR > 0 {
                // The chart's name (the short one), so that text and chart name the activity alike.
                v["\(key)_premiere_activite"] = FrenchTypography.curlyApostrophes(first.shortName)
                let share = (Double(first.valueEUR) / Double(f.totalEUR) * 1000).rounded() / 10
                v["\(key)_premiere_activite_part"] = FrenchNumber.percent(share / 100, decimals: 1)
                v["\(key)_premiere_activite_seule"] = first.valueEUR == f.totalEUR
                v["\(key)_premiere_activite_partielle"] = first.valueEUR != f.totalEUR
            }
            let table = flow == .exports ? d.sankeyExports : d.sankeyImports
            let products = (flow == .exports ? table.left : table.right).filter { !$0.isOthers }.count
            let countries = (flow == .exports ? table.right : table.left).filter { !$0.isOthers }.count
            v["\(key)_activites_nombre"] = FrenchTypography.count(products, feminine: true)
            v["\(key)_activites_dix"] = products == TradeAggregates.topCount
            v["\(key)_activites_moins"] = products < TradeAggregates.topCount
            v["\(key)_activites_une"] = products == 1
            v["\(key)_activites_plusieurs"] = products > 1 && products < TradeAggregates.topCount
            v["\(key)_pays_nombre"] = FrenchTypography.count(countries)
            v["\(key)_pays_dix"] = countries == TradeAggregates.topCount
            v["\(key)_pays_un"] = countries == 1
            v["\(key)_pays_plusieurs"] = countries > 1 && countries < TradeAggregates.topCount
            let others = facts.treemap(flow).first { $0.isOthers }
            v["\(key)_autres"] = others.map { FrenchTypography.millions($0.valueEUR) } ?? ""
            v["\(key)_autres_existe"] = others != nil
        }
        return v
    }

    /// An amount in millions of euros with its unit, singular below two: "24 188,7 millions
    /// d’euros", "1,5 million d’euros".
    static func amount(_ euros: Int64) -> String {
        let shown = FrenchTypography.millions(euros)
        // Not «0,0 million d’euros» for an amount that exists: it is under the printed precision.
        if euros != 0 && (shown == "0,0" || shown == "\u{2212}0,0") { return "moins de 0,1\u{00A0}million d’euros" }
        return shown + (abs(euros) < 1_950_000 ? "\u{00A0}million d’euros" : "\u{00A0}millions d’euros")
    }

    /// The balance and its sign, a zero balance and one that rounds to zero told apart.
    static func balanceValues(_ facts: ReportFacts) -> [String: Any] {
        let balance = facts.balanceEUR
        let shown = FrenchTypography.millions(abs(balance))
        return [
            "solde": shown,
            "solde_montant": amount(abs(balance)),
            "solde_positif": balance > 0 && shown != "0,0",
            "solde_negatif": balance < 0 && shown != "0,0",
            "solde_nul": balance == 0,
            "solde_quasi_nul": balance != 0 && shown == "0,0",
        ]
    }

    /// First client and supplier (among all countries) and the partner counts with their variants.
    static func partnerValues(_ report: DepartementReport, facts: ReportFacts) -> [String: Any] {
        let d = report.departementTrade
        var v: [String: Any] = [:]
        let listedCodes = Set(d.partners.map(\.code))
        v["premier_client"] = facts.firstClient.map { FrenchTypography.curlyApostrophes($0.name) } ?? ""
        v["premier_client_existe"] = facts.firstClient != nil
        v["premier_client_hors_graphique"] = facts.firstClient.map { !listedCodes.contains($0.code) } ?? false
        v["premier_fournisseur"] = facts.firstSupplier.map { FrenchTypography.curlyApostrophes($0.name) } ?? ""
        v["premier_fournisseur_existe"] = facts.firstSupplier != nil
        v["premier_fournisseur_hors_graphique"] = facts.firstSupplier.map { !listedCodes.contains($0.code) } ?? false
        v["premier_partenaire"] = d.partners.first.map { FrenchTypography.curlyApostrophes($0.name) } ?? ""

        let n = facts.partnerCount, e = facts.surplusPartnerCount, f = facts.deficitPartnerCount, b = facts.balancedPartnerCount
        v["partenaires_nombre"] = FrenchTypography.count(n)
        v["partenaires_part"] = FrenchNumber.percent(facts.listedPartnersSharePct / 100, decimals: 1)
        v["partenaires_aucun"] = n == 0
        v["partenaires_un"] = n == 1
        v["partenaires_plusieurs"] = n > 1
        v["partenaires_dix"] = n == TradeAggregates.topCount
        v["partenaires_excedentaires"] = FrenchTypography.count(e)
        v["partenaires_deficitaires"] = FrenchTypography.count(f)
        v["partenaires_equilibres"] = FrenchTypography.count(b)
        v["partenaires_equilibres_existe"] = b > 0
        // Exactly one of these holds when there are several partners.
        v["solde_partenaires_tous_excedentaires"] = n > 1 && e == n
        v["solde_partenaires_tous_deficitaires"] = n > 1 && f == n
        v["solde_partenaires_tous_nuls"] = n > 1 && b == n
        v["solde_partenaires_mixte"] = n > 1 && e > 0 && f > 0
        v["solde_partenaires_sans_excedent"] = n > 1 && e == 0 && f > 0 && b > 0
        v["solde_partenaires_sans_deficit"] = n > 1 && f == 0 && e > 0 && b > 0
        if let only = d.partners.first, n == 1 {
            v["partenaire_unique_excedentaire"] = only.balanceEUR > 0
            v["partenaire_unique_deficitaire"] = only.balanceEUR < 0
            v["partenaire_unique_equilibre"] = only.balanceEUR == 0
        }
        return v
    }

    /// The Territoires d'industrie of the cover box (the fewer-than-5-communes rule is
    /// `IndustryTerritories.principal(for:)`).
    static func territoryValues(_ report: DepartementReport, territories: IndustryTerritories?) -> [String: Any] {
        let nb = "\u{00A0}"
        let code = report.departement.code
        let principal = territories?.principal(for: code) ?? []
        return [
            "ti_fichier": territories != nil,
            "ti_territoires": principal.map { t -> [String: Any] in
                let n = t.communesByDepartement[code] ?? 0
                // Counts up to ten in letters, as everywhere in the text: «neuf communes».
                return ["nom": FrenchTypography.curlyApostrophes(t.name),
                        "communes": "\(FrenchTypography.count(n, feminine: true))\(nb)commune\(n > 1 ? "s" : "")"]
            },
            "ti_aucun": territories != nil && principal.isEmpty,
            "ti_nombre": String(principal.count),
            "ti_minimum_communes": FrenchTypography.count(IndustryTerritories.minimumCommunes, feminine: true),
            "ti_exclus": !(territories?.leftOut(for: code).isEmpty ?? true),
        ]
    }

    /// The reading key of the territory's Sankeys, true of the flows drawn dark: «Les cinq
    /// flux les plus importants… sont en violet foncé», «Le flux le plus important… est en bleu
    /// foncé», or nothing of them when no flow is (`exports_cle_flux`, `imports_cle_flux`).
    static func sankeyKeyValues(_ report: DepartementReport, level: [String: Any]) -> [String: Any] {
        let anItem = level["niveau_un_produit"] as? String ?? "", items = level["niveau_produits"] as? String ?? ""
        var v: [String: Any] = [:]
        for (key, table, pair, rest) in [
            ("exports", report.departementTrade.sankeyExports, "entre \(anItem) et un pays", "\(items) et pays"),
            ("imports", report.departementTrade.sankeyImports, "entre un pays et \(anItem)", "pays et \(items)"),
        ] {
            let red = table.flows.filter(\.highlight).count
            let shade = ChartData.highlightWords(exports: key == "exports")
            let redSentence = red == 0 ? ""
                : red == 1 ? "Le flux le plus important \(pair) est en \(shade) ; au"
                : "Les \(FrenchTypography.count(red)) flux les plus importants \(pair) sont en \(shade) ; au"
            v["\(key)_cle_flux"] = (redSentence.isEmpty ? "Au" : redSentence) + "-delà des dix premiers, \(rest) sont regroupés dans « Autres »."
        }
        return v
    }

    /// The words that agree with the level of the figures: «les dix premières activités
    /// exportées» but «les dix premiers produits exportés».
    static func levelAgreements(activities: Bool) -> [String: Any] {
        func pick(_ activity: String, _ product: String) -> String { activities ? activity : product }
        return [
            "niveau_a129": activities,
            "niveau_produits": pick("activités", "produits"),
            "niveau_produit": pick("activité", "produit"),
            "niveau_nomenclature": pick("A129 (activités)", "CPF4 (produits)"),
            "niveau_premieres": pick("premières", "premiers"),
            "niveau_classees": pick("classées", "classés"),
            "niveau_detaillees": pick("détaillées", "détaillés"),
            "niveau_suivantes": pick("suivantes", "suivants"),
            "niveau_regroupees": pick("regroupées", "regroupés"),
            "niveau_produits_exportees": pick("activités exportées", "produits exportés"),
            "niveau_produits_importees": pick("activités importées", "produits importés"),
            "Niveau_produits_exportees": pick("Activités exportées", "Produits exportés"),
            "Niveau_produits_importees": pick("Activités importées", "Produits importés"),
            "niveau_l_produit": pick("l’activité", "le produit"),
            "niveau_un_produit": pick("une activité", "un produit"),
            "Niveau_principales": pick("Principales activités", "Principaux produits"),
        ]
    }
}
