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
    /// Size, time and identity of the watched files when they were read.
    let signature: FileSignature
    /// The départements with a fiche (Monaco excluded), in `fiche list` order, with their figures.
    let departements: [DepartementSummary]

    init(generation: Int, data: LoadedData, inputs: FicheInputs, signature: FileSignature, loadedAt: Date = Date()) {
        self.generation = generation
        self.inputs = inputs
        aggregates = data.aggregates
        territories = data.territories
        self.signature = signature
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

    /// The département with a fiche, if `code` names one (exactly, as `fiche list` writes it).
    func departement(_ code: String) -> DepartementSummary? {
        departements.first { $0.code == code }
    }

    /// The customs region, if `code` names one that has départements with a fiche.
    func region(_ code: String) -> Region? {
        guard let region = aggregates.dataset.geography.region(code),
              region.departementCodes.contains(where: { $0 != "99" }) else { return nil }
        return region
    }
}

/// The size, modification time and inode of every watched file (folders: of the files they hold),
/// to notice when the data changes on disk without reading it.
struct FileSignature: Equatable, Sendable {
    let entries: [String]

    static func of(_ urls: [URL]) -> FileSignature {
        var entries: [String] = []
        func add(_ path: String) {
            var info = stat()
            if stat(path, &info) != 0 {
                entries.append("\(path) missing")
                return
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                for name in names where !name.hasPrefix(".") || name == ".complete" {
                    var child = stat()
                    let childPath = path + "/" + name
                    if stat(childPath, &child) == 0 {
                        entries.append("\(childPath) \(child.st_size) \(child.st_mtim.tv_sec).\(child.st_mtim.tv_nsec) \(child.st_ino)")
                    }
                }
            } else {
                entries.append("\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)")
            }
        }
        for url in urls { add(url.path) }
        return FileSignature(entries: entries)
    }
}
