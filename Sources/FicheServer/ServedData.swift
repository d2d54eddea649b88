import Fiche
import Foundation
import TradeData

/// What `fiche serve` serves: the aggregated year and the Territoires d'industrie perimeter,
/// read by the command line's own loader (the same options and defaults as `fiche render`).
package struct LoadedData: Sendable {
    var aggregates: TradeAggregates
    var territories: IndustryTerritories?
    /// The Territoires d'industrie file `territories` was read from (part of the fiches' inputs key).
    var territoriesFile: URL?

    package init(aggregates: TradeAggregates, territories: IndustryTerritories?, territoriesFile: URL?) {
        self.aggregates = aggregates
        self.territories = territories
        self.territoriesFile = territoriesFile
    }
}

/// What, besides the data, shapes the served fiches: the tool and the renderer's files.
struct InputsOfFiches: Sendable {
    let toolVersion: String
    let rendererFiles: [URL]
    /// What the renderers are built from (to check that changed renderer files can be used).
    let rendererOptions: FicheOptions

    /// The fingerprint of `data`'s fiches, as `fiche bulk` computes it (reads the data files:
    /// done off the request path, before a snapshot is made).
    func fingerprint(of data: LoadedData) -> FicheInputs {
        FicheInputs(dataSHA256: FicheInputs.sha256(ofDataset: data.aggregates.dataset),
                    key: FicheInputs.key(toolVersion: toolVersion, rendererFiles: rendererFiles, territoriesFile: data.territoriesFile),
                    year: data.aggregates.year, level: data.aggregates.level)
    }
}

/// One département's headline figures, for the list on the home page.
struct DepartementSummary: Sendable {
    let code: String
    let name: String
    let regionCode: String
    let regionName: String
    let exportsEUR: Int64
    let importsEUR: Int64
    var balanceEUR: Int64 { exportsEUR - importsEUR }
}

/// One loaded state of the data, immutable: every request works on one snapshot from start to
/// end, so a reload never mixes two years or two versions of a file in one response.
final class DataSnapshot: Sendable {
    /// Increases with every successful load; part of every cache key.
    let generation: Int
    let aggregates: TradeAggregates
    let territories: IndustryTerritories?
    /// The fingerprint of the fiches' inputs (the zip manifests' `data_sha256` and `inputs_sha256`).
    let inputs: FicheInputs
    /// SHA-256 of the trade files and reference tables.
    var dataSHA256: String { inputs.dataSHA256 }
    /// When the data was read (shown on the page).
    let loadedAt: Date
    /// Size, time and identity of the watched files (renderer files included) before they were read.
    let signature: FileSignature
    /// That of the renderer's files (template, fonts…): a worker whose renderer was built from
    /// other versions builds it again before rendering for this snapshot.
    let rendererSignature: FileSignature
    /// The départements with a fiche (Monaco excluded), in `fiche list` order, with their figures.
    let departements: [DepartementSummary]

    init(generation: Int, data: LoadedData, inputs: FicheInputs, signature: FileSignature,
         rendererSignature: FileSignature, loadedAt: Date = Date()) {
        self.generation = generation
        self.inputs = inputs
        aggregates = data.aggregates
        territories = data.territories
        self.signature = signature
        self.rendererSignature = rendererSignature
        self.loadedAt = loadedAt
        let geography = data.aggregates.dataset.geography
        var rows: [DepartementSummary] = []
        for region in geography.regions {
            for code in region.departementCodes where code != "99" {
                guard let departement = geography.departement(code) else { continue }
                let trade = data.aggregates.territory(.departement, code: code)
                rows.append(DepartementSummary(code: code, name: departement.name, regionCode: region.code, regionName: region.name,
                                               exportsEUR: trade?.exportsEUR ?? 0, importsEUR: trade?.importsEUR ?? 0))
            }
        }
        departements = rows
    }

    var year: Int { aggregates.year }
    var isDemo: Bool { aggregates.isDemo }

    /// The département with a fiche, if `code` names one: its customs code, as `fiche list`
    /// writes it, or its INSEE code (974, 2A and 2B for Corse's fiche).
    func departement(_ code: String) -> DepartementSummary? {
        let customs = FrenchTerritories.departementCode(typed: code).code
        return departements.first { $0.code == customs }
    }

    /// The région, if `code` names one that has départements with a fiche: INSEE code or name
    /// first, then customs code (`FrenchTerritories.region(typed:in:)`).
    func region(_ code: String) -> Region? {
        guard let region = FrenchTerritories.region(typed: code, in: aggregates.dataset.geography)?.region,
              region.departementCodes.contains(where: { $0 != "99" }) else { return nil }
        return region
    }
}

extension DataSnapshot {
    /// What this snapshot covers that `newer` does not (empty: nothing lost), each as a
    /// sentence naming the files: a quarter of a flow, or the départements with lines in a flow.
    /// A newer year is never a loss; an older one is.
    func coverageLost(in newer: DataSnapshot) -> [String] {
        if newer.year != year {
            return newer.year > year ? [] : ["the year \(year) (the new files give \(newer.year) as the latest year)"]
        }
        var lost: [String] = []
        for flow in TradeFlow.allCases {
            let name = flow == .exports ? "exports" : "imports"
            let files = Set(aggregates.dataset.sources(holding: flow, year: year) + newer.aggregates.dataset.sources(holding: flow, year: year))
                .sorted().joined(separator: ", ")
            let quarters = Set(aggregates.quartersPresent[flow] ?? []).subtracting(newer.aggregates.quartersPresent[flow] ?? [])
            if !quarters.isEmpty {
                lost.append("\(name) of \(quarters.sorted().map { "Q\($0)" }.joined(separator: ", ")) \(year) (\(files))")
            }
            let departements = departementCodes(trading: flow).subtracting(newer.departementCodes(trading: flow)).sorted()
            if !departements.isEmpty {
                let listed = departements.prefix(12).joined(separator: ", ") + (departements.count > 12 ? ", …" : "")
                lost.append("\(name) of \(departements.count) département\(departements.count == 1 ? "" : "s") (\(listed)) (\(files))")
            }
        }
        // The Territoires d'industrie file, cut at a line end, loses territories or their communes of a département.
        let territoriesLost = territoryDepartements.subtracting(newer.territoryDepartements).sorted()
        if !territoriesLost.isEmpty {
            let listed = territoriesLost.prefix(6).joined(separator: ", ") + (territoriesLost.count > 6 ? ", …" : "")
            lost.append("Territoires d'industrie in \(territoriesLost.count) département\(territoriesLost.count == 1 ? "" : "s") (\(listed))")
        }
        return lost
    }

    /// Each Territoire d'industrie with a département it has communes in, as `name département`
    /// (shown on the fiche or left out as too small there): what a new version of the file must
    /// not lose to replace this one.
    var territoryDepartements: Set<String> {
        guard let territories else { return [] }
        return Set(departements.flatMap { d in
            (territories.principal(for: d.code) + territories.leftOut(for: d.code)).map { "\($0.name) \(d.code)" }
        })
    }

    /// The départements with a fiche whose `flow` total is not zero.
    func departementCodes(trading flow: TradeFlow) -> Set<String> {
        Set(departements.filter { (flow == .exports ? $0.exportsEUR : $0.importsEUR) != 0 }.map(\.code))
    }
}
