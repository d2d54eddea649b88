import Foundation
import Manifest
import ProjectFiles
import TradeData

/// Région fiches in a bulk run (`fiche bulk --regions`): written under `regions/`, listed in the
/// manifest with `kind: region` and their INSEE code.
extension BulkExporter {
    /// The sub-folder of the région fiches.
    static let regionsFolder = "regions"

    /// The région fiche a run key names (`region-84`), if it is one.
    func regionFiche(_ key: String) -> (code: String, name: String, region: Region)? {
        guard key.hasPrefix("region-") else { return nil }
        let code = String(key.dropFirst("region-".count))
        return FrenchTerritories.regionFiches(in: aggregates.dataset.geography).first { $0.code == code }
    }

    /// The file a run key's fiche is written to, relative to the output folder.
    func fileName(of key: String) -> String {
        if let region = regionFiche(key) {
            return Self.regionsFolder + "/" + FicheFiles.fileName(code: region.code, name: region.name)
        }
        return aggregates.dataset.geography.departement(key)?.ficheFileName ?? key
    }

    /// Renders one région's fiche into place and describes it.
    func produceRegion(_ region: (code: String, name: String, region: Region), with producer: FicheProducer) -> BulkManifest.Entry {
        var entry = BulkManifest.Entry(code: region.code, name: region.name, region: region.name,
                                       file: fileName(of: BulkManifest.Entry.key(kind: .region, code: region.code)),
                                       status: .failed, kind: .region)
        render(into: &entry, with: producer) { try aggregates.regionReport(for: region.region) }
        return entry
    }
}
