import FrenchNumbers
import TradeData

/// The placeholders of a région fiche (`assets/fiche-region/`), beside the figures every fiche
/// has: the région's name in its French forms (INSEE TNCC: «la région Bretagne», «de la région
/// Grand Est», «en Île-de-France», «dans les Hauts-de-France»), its départements and its
/// Territoires d'industrie.
extension FicheValues {
    /// Names and articles of the région and the list of its départements.
    static func regionPlaceValues(_ subject: RegionSubject, places: FrenchPlaceNames) -> [String: Any] {
        let place = places.regions[subject.code] ?? FrenchPlaceName(name: subject.name, articleType: 0)
        let count = subject.departements.count
        let departements = subject.departements.enumerated().map { k, trade -> [String: Any] in
            let name: String = places.departement(code: trade.code, name: trade.name).name
            let code: String = FrenchTerritories.fileCode(ofCustoms: trade.code)
            let last: Bool = k == count - 1, beforeLast: Bool = k == count - 2
            return ["nom": name, "code": code, "dernier": last, "avant_dernier": beforeLast]
        }
        let v: [String: Any] = [
            "departement": place.name, "territoire": place.name,
            "departement_de": place.withDe, "territoire_de": place.withDe,
            "le_departement": "la région " + place.name, "le_territoire": "la région " + place.name,
            "Le_departement": "La région " + place.name, "Le_territoire": "La région " + place.name,
            "du_departement": "de la région " + place.name, "du_territoire": "de la région " + place.name,
            "en_region": inRegion(place),
            "departement_code": subject.code, "region_code": subject.code,
            "region": place.name, "region_de": place.withDe, "region_titre": "région " + place.name,
            "est_region": true, "est_departement": false,
            "est_corse": false, "est_outre_mer": false, "departement_metropole": false,
            "region_distincte": false, "region_groupe_outre_mer": false,
            "departements_liste": departements,
            "departements_nombre": FrenchTypography.count(departements.count),
        ]
        return v
    }

    /// «en Île-de-France», «en Nouvelle-Aquitaine», «dans le Grand Est», «dans les Hauts-de-France».
    static func inRegion(_ place: FrenchPlaceName) -> String {
        switch place.articleType {
        case 2: return "dans le " + place.name
        case 4: return "dans les " + place.name
        default: return "en " + place.name
        }
    }

    /// The Territoires d'industrie whose main part lies in the région, for the cover.
    static func regionTerritoryValues(_ subject: RegionSubject, territories: IndustryTerritories?) -> [String: Any] {
        let list = territories?.mainlyIn(subject.departements.map(\.code)) ?? []
        let names = list.map { FrenchTypography.curlyApostrophes($0.name) }
        return [
            "ti_fichier": territories != nil,
            "ti_aucun": territories != nil && list.isEmpty,
            "ti_un": list.count == 1,
            "ti_plusieurs": list.count > 1,
            "ti_nombre": FrenchTypography.count(list.count),
            "Ti_nombre": FrenchTypography.count(list.count).prefix(1).uppercased() + FrenchTypography.count(list.count).dropFirst(),
            "ti_noms": names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " et " + names.last!,
            "ti_minimum_communes": FrenchTypography.count(IndustryTerritories.minimumCommunes, feminine: true),
        ]
    }

    /// The figures of the chart of the région's départements, for its sentence: the first by trade.
    static func regionDepartementValues(_ subject: RegionSubject, places: FrenchPlaceNames) -> [String: Any] {
        let ranked = subject.departements.sorted { $0.exportsEUR + $0.importsEUR > $1.exportsEUR + $1.importsEUR }
        let total = subject.departements.reduce(Int64(0)) { $0 + $1.exportsEUR + $1.importsEUR }
        guard let first = ranked.first, total > 0 else { return ["premier_departement_existe": false] }
        let place = places.departement(code: first.code, name: first.name)
        let share = Double(first.exportsEUR + first.importsEUR) / Double(total)
        return [
            "premier_departement_existe": true,
            "premier_departement": place.name,
            "premier_departement_le": place.withArticle,
            "premier_departement_part": FrenchNumber.percent((share * 1000).rounded() / 1000, decimals: 1),
        ]
    }
}
