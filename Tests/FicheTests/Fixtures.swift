import Foundation
@testable import ProjectFiles
@testable import TestScratch
@testable import TradeData
@testable import Fiche

/// A tiny customs year whose totals are the published 2024 figures of Val-d'Oise, Île-de-France
/// and France, and a Territoires d'industrie perimeter exercising the fewer-than-5-communes rule.
///
/// Each fixture is built once; one that cannot be built fails, with its reason, the tests that
/// use it (instead of crashing the whole test run).
enum Fixtures {
    static var report: DepartementReport { get throws { try builtReport.get() } }
    static let builtReport = Result { try aggregates.report(for: "95") }

    /// The aggregated year, which also has reports for Paris (75) and Bouches-du-Rhône (13).
    static var aggregates: TradeAggregates { get throws { try builtAggregates.get() } }
    static let builtAggregates = Result { () throws -> TradeAggregates in
        var lines: [String] = []
        for flow in ["E", "I"] {
            let (dep, region, france): (Int64, Int64, Int64) = flow == "E"
                ? (24_188_700_000, 141_666_300_000, 580_354_500_000) : (25_441_300_000, 192_202_900_000, 684_776_300_000)
            for quarter in 1...4 {
                // Quarter shares that sum exactly: three quarters of a quarter, the rest in Q4.
                func part(_ total: Int64) -> Int64 { quarter < 4 ? total / 4 : total - 3 * (total / 4) }
                lines.append("\(flow);\(quarter);2024;95;03;C30Z;3030;DE;\(part(dep));1")
                lines.append("\(flow);\(quarter);2024;75;03;C21Z;2120;US;\(part(region - dep));1")
                lines.append("\(flow);\(quarter);2024;13;21;C10Z;1011;IT;\(part(france - region));1")
            }
        }
        let dir = Scratch.directory("fiche")
        let url = dir.appendingPathComponent("trade.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let dataset = try TradeDataset.load(paths: [url], referenceDirectory: nil)
        return try TradeAggregates(dataset: dataset, year: 2024)
    }

    /// The project's copy of INSEE's département and région tables.
    static var places: FrenchPlaceNames { get throws { try loadedPlaces.get() } }
    static let loadedPlaces = Result { try FrenchPlaceNames(assets: ProjectFolder.assets()) }

    static let territories = IndustryTerritories(territories: [
        IndustryTerritory(id: "A", name: "Cergy Ouest 95", communesByDepartement: ["95": 9]),
        // Main part elsewhere, 5 communes here: kept.
        IndustryTerritory(id: "B", name: "Voisin majoritaire", communesByDepartement: ["95": 5, "78": 12]),
        // Main part elsewhere, 3 communes here: left out.
        IndustryTerritory(id: "C", name: "Voisin marginal", communesByDepartement: ["95": 3, "78": 20]),
        IndustryTerritory(id: "D", name: "Ailleurs", communesByDepartement: ["60": 8]),
    ])
}
