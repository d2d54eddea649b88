import TradeData

extension Region {
    /// How a reader meets this customs région as a fiche's comparison block: «région
    /// Île-de-France» (`title`), «de la région Île-de-France» (`withDe`); the customs région of
    /// the overseas départements is no INSEE région and is named as a group everywhere:
    /// «ensemble des départements d’outre-mer», «de l’ensemble des départements d’outre-mer».
    var comparisonName: (title: String, withDe: String, isOverseasGroup: Bool) {
        if departementCodes.count > 1, departementCodes.allSatisfy(FrenchPlaceNames.isOverseas) {
            let title = "ensemble des " + FrenchPlaceNames.overseasGroup.name
            return (title, "de l’" + title, true)
        }
        let title = "région " + FrenchTypography.curlyApostrophes(name)
        return (title, "de la " + title, false)
    }
}

extension Departement {
    /// The code a reader knows the département by, INSEE's: «974» for customs 9D, «2A, 2B» for
    /// Corse (customs 20, one territory covering both), the customs code where INSEE has none
    /// (Monaco, 99).
    var readerCode: String {
        let insee = FrenchTerritories.inseeCodes(ofCustoms: code)
        return insee.isEmpty ? code : insee.joined(separator: ", ")
    }
}
