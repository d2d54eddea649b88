import Fiche
import Foundation
import ProjectFiles
import HTTPTypes
import Hummingbird
import Manifest
import NIOCore
import TradeData

extension FicheServer {
    /// `GET /regions/{code}.zip`: the région's fiches and their manifest, streamed as each fiche
    /// is ready (rendered in parallel, written in `fiche list` order).
    func regionZip(_ context: FicheRequestContext) throws -> Response {
        let snapshot = try context.data()
        guard let code = context.parameters.get("code"), let region = snapshot.region(code) else { throw HTTPError(.notFound) }
        let departements = region.departementCodes.filter { $0 != "99" }.compactMap { snapshot.departement($0) }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        // Named by its INSEE code, as readers know it (the overseas block: outre-mer).
        let insee = FrenchTerritories.inseeRegionCodes(of: region)
        let name = insee.count == 1 ? "fiches-\(snapshot.year)-region-\(insee[0])-\(FicheFiles.slug(region.name)).zip"
            : "fiches-\(snapshot.year)-outre-mer.zip"
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { [self] writer in
            try await writeZip(of: region, departements, snapshot, to: &writer)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Writes the zip of `departements`' fiches and its manifest.
    ///
    /// The fiches are rendered in child tasks of the response body, a few ahead of the one being
    /// written (one per render worker, and one more): when the client goes, the next write throws
    /// and no further fiche is started. The few already rendering finish (the shared cache
    /// renders outside any one request) and stay cached for the next client.
    func writeZip(of region: Region, _ departements: [DepartementSummary], _ snapshot: DataSnapshot,
                  to writer: inout any ResponseBodyWriter) async throws {
        var archive = ZipStream(year: snapshot.year + 1)
        var entries: [BulkManifest.Entry] = []
        let ahead = max(1, configuration.renderWorkers) + 1
        try await withThrowingTaskGroup(of: (index: Int, fiche: ServedFiche).self) { group in
            var started = 0
            var ready: [Int: ServedFiche] = [:]
            for (index, d) in departements.enumerated() {
                while started < departements.count && started < index + ahead {
                    let next = (index: started, departement: departements[started])
                    group.addTask { (next.index, try await self.fiche(next.departement, snapshot)) }
                    started += 1
                }
                while ready[index] == nil, let done = try await group.next() {
                    ready[done.index] = done.fiche
                }
                guard let served = ready.removeValue(forKey: index) else { throw CancellationError() }
                let pdf = Data(served.bytes.readableBytesView)
                try await writer.write(ByteBuffer(bytes: archive.entry(named: served.fileName, data: pdf)))
                entries.append(manifestEntry(d, served, region: region, snapshot))
            }
        }
        // The région's own fiche, where it has one, as `fiche bulk --regions` writes it.
        if let fiche = FrenchTerritories.regionFiche(of: region, in: snapshot.aggregates.dataset.geography) {
            let served = try await regionServedFiche(code: fiche.code, name: fiche.name, region: fiche.region, snapshot)
            let file = "regions/" + served.fileName
            try await writer.write(ByteBuffer(bytes: archive.entry(named: file, data: Data(served.bytes.readableBytesView))))
            let report = try snapshot.aggregates.regionReport(for: fiche.region)
            entries.append(BulkManifest.Entry(
                code: fiche.code, name: fiche.name, region: fiche.name, file: file, pages: served.pageCount,
                bytes: served.bytes.readableBytes, sha256: served.sha256, exportsEUR: report.exports.totalEUR,
                importsEUR: report.imports.totalEUR, status: .rendered,
                inputsSHA256: snapshot.inputs.sha256(departement: "region-" + fiche.code), kind: .region))
        }
        let manifest = BulkManifest(year: snapshot.year, dataSource: snapshot.aggregates.dataset.dataSourceDescription,
                                    dataSHA256: snapshot.dataSHA256, toolVersion: configuration.toolVersion,
                                    generatedFrom: "fiche serve (GET /regions/\(region.code).zip)", fiches: entries)
        try await writer.write(ByteBuffer(bytes: archive.entry(named: BulkManifest.jsonFileName, data: try manifest.json())))
        try await writer.write(ByteBuffer(bytes: archive.entry(named: BulkManifest.csvFileName, data: Data(manifest.csv().utf8))))
        try await writer.write(ByteBuffer(bytes: archive.end()))
        try await writer.finish(nil)
    }

    /// The manifest line of a served fiche: the same fields, checksums and `inputs_sha256` as
    /// `fiche bulk` writes for it.
    func manifestEntry(_ d: DepartementSummary, _ served: ServedFiche, region: Region, _ snapshot: DataSnapshot) -> BulkManifest.Entry {
        BulkManifest.Entry(code: d.code, name: d.name, region: region.name, file: served.fileName,
                           pages: served.pageCount, bytes: served.bytes.readableBytes, sha256: served.sha256,
                           exportsEUR: d.exportsEUR, importsEUR: d.importsEUR, status: .rendered,
                           error: nil, inputsSHA256: snapshot.inputs.sha256(departement: d.code))
    }
}
