import Foundation

/// The territories as their users know them: INSEE's code officiel géographique (COG) laid over
/// the customs territories of the trade files (`Geography`).
///
/// Customs départements are INSEE's, with three exceptions: Corse is one customs territory,
/// `20` (INSEE 2A Corse-du-Sud and 2B Haute-Corse); the overseas départements are `9A`…`9E`
/// (INSEE 971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 976 Mayotte); Monaco is
/// `99`, in no INSEE département or région. Customs régions have codes of their own (`03` is
/// Île-de-France, INSEE 11); customs région 24 groups the five overseas départements, each of
/// which is its own INSEE région (01, 02, 03, 04, 06).
///
/// A région's figures are the sum of its départements' lines: Monaco's lines count in France's
/// totals only (`countsInRegion`). Codes a user types are read in INSEE's terms first, then in
/// the customs': where the two collide (régions 01, 03, 04, 24), the INSEE région wins and
/// `region(typed:in:)` says so.
package enum FrenchTerritories {
    /// The overseas départements: customs code and INSEE code.
    static let overseas: [(customs: String, insee: String)] = [
        ("9A", "971"), ("9B", "972"), ("9C", "973"), ("9D", "974"), ("9E", "976"),
    ]
    /// Monaco's customs code: its trade counts in France's totals, in no région.
    package static let monacoCode = "99"
    /// Corse's customs code: INSEE's 2A and 2B, published by customs as one territory.
    static let corseCode = "20"
    /// What a user may type for the customs région of the overseas départements (search keys).
    static let overseasBlockNames: Set<String> = ["departements d outre mer", "outre mer", "dom"]

    static let inseeDepartementsByCode = Dictionary(uniqueKeysWithValues: inseeDepartements.map { ($0.code, $0) })
    static let inseeRegionsByCode = Dictionary(uniqueKeysWithValues: inseeRegions.map { ($0.code, $0) })

    /// The INSEE département codes of a customs département: the same code for 01–95, 2A and
    /// 2B for Corse (20), 971…976 for 9A…9E; none for Monaco (99) or a code the COG lacks.
    package static func inseeCodes(ofCustoms code: String) -> [String] {
        if code == corseCode { return ["2A", "2B"] }
        if let place = overseas.first(where: { $0.customs == code }) { return [place.insee] }
        return inseeDepartementsByCode[code] != nil ? [code] : []
    }

    /// The code a département's fiche file and attachment are named by: the INSEE code when the
    /// customs département is one INSEE département (`974-la-reunion.pdf`), else the customs code
    /// (`20-corse.pdf`, Corse covering 2A and 2B).
    package static func fileCode(ofCustoms code: String) -> String {
        let insee = inseeCodes(ofCustoms: code)
        return insee.count == 1 ? insee[0] : code
    }

    /// The customs code of an INSEE département code, if the COG knows it.
    static func customsCode(ofInsee code: String) -> String? {
        if code == "2A" || code == "2B" { return corseCode }
        if let place = overseas.first(where: { $0.insee == code }) { return place.customs }
        return inseeDepartementsByCode[code] != nil ? code : nil
    }

    /// Whether a customs département's lines count in its région's figures: all but Monaco's.
    static func countsInRegion(customs code: String) -> Bool { code != monacoCode }

    /// The customs département code a user means: INSEE codes (`974`, `2A`, `2b`) and customs
    /// codes (`9D`, `20`) alike, a lone digit taking its zero (`1` → `01`). Any other text comes
    /// back trimmed and in capitals, for the caller's "unknown code" error. `note` says why 2A
    /// and 2B give the Corse fiche.
    package static func departementCode(typed: String) -> (code: String, note: String?) {
        var code = typed.trimmingCharacters(in: .whitespaces).uppercased()
        if code.count == 1, code.first!.isNumber { code = "0" + code }
        if code == "2A" || code == "2B", let place = inseeDepartementsByCode[code] {
            return (corseCode, "\(code) \(place.name): the Corse fiche (20) covers Corse-du-Sud and Haute-Corse,"
                        + " as customs publish Corse as one territory")
        }
        return (customsCode(ofInsee: code) ?? code, nil)
    }

    /// The INSEE régions of a customs région's départements, in code order: one for a
    /// metropolitan région (Monaco counting for none), the five overseas régions for customs 24.
    package static func inseeRegionCodes(of region: Region) -> [String] {
        let codes = region.departementCodes.flatMap(inseeCodes(ofCustoms:)).compactMap { inseeDepartementsByCode[$0]?.regionCode }
        return Set(codes).sorted()
    }

    /// The région a user means, with a note when the code also names another customs région.
    ///
    /// Read in order: an INSEE région code (`11`, `04`) or name (`bretagne`, `Île-de-France`,
    /// `ile de france`: compared by `searchKey`); then a customs région code (`21`) or name,
    /// or the overseas block (`dom`, `outre-mer`). An INSEE région is its customs région when
    /// that one is the same territory (Monaco aside), else the one département it is made of
    /// (an overseas région: 04 is La Réunion alone; the five together are customs région 24's
    /// block, named `outre-mer`).
    package static func region(typed: String, in geography: Geography) -> (region: Region, note: String?)? {
        let cleaned = typed.trimmingCharacters(in: .whitespaces)
        let key = searchKey(cleaned)
        let named = inseeRegionsByCode[cleaned.count == 1 ? "0" + cleaned : cleaned]
            ?? inseeRegions.first { searchKey($0.name) == key }
        if let named, let region = region(insee: named, in: geography) {
            guard let customs = geography.region(cleaned), customs.departementCodes != region.departementCodes else {
                return (region, nil)
            }
            let customsMeaning = inseeRegionCodes(of: customs).count == 1
                ? "give \(inseeRegionCodes(of: customs)[0])" : "give outre-mer"
            return (region, "région \(cleaned) is INSEE's \(named.name); for customs région \(cleaned)"
                        + " (\(customs.name)), \(customsMeaning)")
        }
        if let customs = geography.region(cleaned) ?? geography.regions.first(where: { searchKey($0.name) == key }) {
            return (customs, nil)
        }
        if overseasBlockNames.contains(key) {
            return geography.regions.first { inseeRegionCodes(of: $0).count > 1 }.map { ($0, nil) }
        }
        return nil
    }

    /// The départements of an INSEE région as a `Region`: the customs région when it is the
    /// same territory, else one made of its départements with the INSEE code and name.
    static func region(insee: Place, in geography: Geography) -> Region? {
        let members = geography.departements.filter { d in
            inseeCodes(ofCustoms: d.code).contains { inseeDepartementsByCode[$0]?.regionCode == insee.code }
        }
        guard let first = members.first else { return nil }
        if let customs = geography.region(first.regionCode), inseeRegionCodes(of: customs) == [insee.code] { return customs }
        return Region(code: insee.code, name: insee.name, departementCodes: members.map(\.code))
    }

    /// The régions a user may give, for error messages: "11 Île-de-France, 24 Centre-Val de
    /// Loire, …, 04 La Réunion, 06 Mayotte, or a name (e.g. bretagne)".
    package static func regionChoices(in geography: Geography) -> String {
        let known = inseeRegions.filter { region(insee: $0, in: geography) != nil }
        let ordered = known.filter { $0.code >= "11" } + known.filter { $0.code < "11" }
        return ordered.map { "\($0.code) \($0.name)" }.joined(separator: ", ") + ", or a name (e.g. bretagne)"
    }

    /// What a search should find a customs département by, beside its customs code and name:
    /// its INSEE codes and names (2A Corse-du-Sud, 2B Haute-Corse for 20; none for Monaco).
    /// Région names are matched apart (`WebPages.searchMatchesRegion`): « val » is no Centre-Val de Loire.
    static func searchWords(ofCustoms code: String) -> String {
        inseeCodes(ofCustoms: code).compactMap { inseeDepartementsByCode[$0] }.map { "\($0.code) \($0.name)" }
            .joined(separator: " ")
    }

    /// Text as searches compare it: no accents or case, every run of other characters than
    /// letters and digits one space, `st` and `ste` written out (« seine st denis »). With
    /// `departement` (a customs code), its INSEE codes and names are added (`searchWords`).
    package static func searchKey(_ text: String, departement: String? = nil) -> String {
        (departement.map { text + " " + searchWords(ofCustoms: $0) } ?? text).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
            .split { !($0.isLetter || $0.isNumber) }
            .map { $0 == "st" ? "saint" : $0 == "ste" ? "sainte" : String($0) }
            .joined(separator: " ")
    }
}
