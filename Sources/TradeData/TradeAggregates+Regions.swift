/// Région fiches: a région's figures are the sum of its départements' lines (Monaco's in none),
/// compared with France.
extension TradeAggregates {
    /// The report of a région fiche for the INSEE région `region` means (`FrenchTerritories.region(typed:in:)`).
    ///
    /// A région that is one customs territory (Corse, each overseas département) has no figures
    /// of its own to show beside its département's: its région fiche is that territory's fiche.
    package func regionReport(for region: Region) throws -> DepartementReport {
        let geography = dataset.geography
        let members = region.departementCodes.filter { FrenchTerritories.countsInRegion(customs: $0) }
        if members.count == 1 { return try report(for: members[0]) }
        guard let insee = FrenchTerritories.inseeRegion(of: region),
              let regionIndex = geography.regions.firstIndex(where: { $0.code == region.code }) else {
            throw TradeDataError.unknownRegion(code: region.code)
        }
        let own = territories[geography.departements.count + regionIndex]
        let france = territories[territories.count - 1]
        let departements = members.compactMap { code in geography.index(of: code).map { territories[$0] } }
        func figures(_ flow: TradeFlow) -> FlowFigures {
            FlowFigures(totalEUR: own.total(flow), regionTotalEUR: own.total(flow), franceTotalEUR: france.total(flow))
        }
        var report = DepartementReport(
            year: year, level: level,
            departement: Departement(code: insee.code, name: insee.name, regionCode: region.code), region: region,
            exports: figures(.exports), imports: figures(.imports),
            departementTrade: own, regionTrade: own, franceTrade: france,
            completeYear: completeYear, quartersPresent: quartersPresent,
            dataSource: dataset.dataSourceDescription, isDemo: isDemo, skippedLineCount: dataset.skippedCount,
            regionSubject: RegionSubject(code: insee.code, name: insee.name, customsRegion: region, departements: departements))
        let ownIndex = geography.departements.count + regionIndex
        report.previousYear = previousYearFigures(own: ownIndex, region: ownIndex)
        if let previous {
            // Each département since the year before: up or down, one by one.
            for code in members {
                guard let index = geography.index(of: code) else { continue }
                func evolution(_ flow: TradeFlow) -> Evolution {
                    Evolution(previous: previous.territories[index].total(flow), current: territories[index].total(flow))
                }
                report.previousYear?.departements[code] = (evolution(.exports), evolution(.imports))
            }
        }
        report.years = yearFigures(own: ownIndex, region: ownIndex)
        report.previousYearGap = previousYearGap
        return report
    }
}

extension FrenchTerritories {
    /// The INSEE région a customs région is (nil for the overseas block, five INSEE régions).
    static func inseeRegion(of region: Region) -> Place? {
        let codes = inseeRegionCodes(of: region)
        return codes.count == 1 ? inseeRegionsByCode[codes[0]] : nil
    }

    /// The région fiche of its own that `region` has: nil for a région of one customs territory
    /// (Corse, each overseas région: its département's fiche) and for the overseas block.
    package static func regionFiche(of region: Region, in geography: Geography) -> (code: String, name: String, region: Region)? {
        guard region.departementCodes.filter(countsInRegion(customs:)).count > 1 else { return nil }
        return regionFiches(in: geography).first { $0.region.departementCodes == region.departementCodes }
    }

    /// The INSEE régions that have a fiche, in code order (metropolitan first, then overseas),
    /// each with the `Region` its figures come from.
    package static func regionFiches(in geography: Geography) -> [(code: String, name: String, region: Region)] {
        let known = inseeRegions.compactMap { place in region(insee: place, in: geography).map { (place.code, place.name, $0) } }
        return known.filter { $0.0 >= "11" } + known.filter { $0.0 < "11" }
    }
}
