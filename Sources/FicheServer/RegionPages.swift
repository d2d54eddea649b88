import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import ProjectFiles
import TradeData

/// A région's fiche on the web: `/regions/84` (its page) and `/regions/84.pdf` (its fiche), the
/// same as `fiche render --region 84`. A région that is one customs territory (Corse, each
/// overseas région) has its territory's fiche: its addresses lead to that département's.
extension FicheServer {
    /// The région fiche a route's `code` names (INSEE code or name, or customs code), or a 404.
    func regionFiche(_ context: FicheRequestContext) throws -> (code: String, name: String, region: Region, snapshot: DataSnapshot) {
        let snapshot = try context.data()
        guard let typed = context.parameters.get("code"), let region = snapshot.region(typed),
              let fiche = FrenchTerritories.regionFiches(in: snapshot.aggregates.dataset.geography)
                .first(where: { $0.region.departementCodes == region.departementCodes }) else { throw HTTPError(.notFound) }
        return (fiche.code, fiche.name, fiche.region, snapshot)
    }

    /// The one département a région of one customs territory is made of (nil for the others).
    static func singleTerritory(_ region: Region) -> String? {
        let members = region.departementCodes.filter { $0 != FrenchTerritories.monacoCode }
        return members.count == 1 ? members[0] : nil
    }

    /// The région's fiche, rendered once per data snapshot like a département's.
    func regionServedFiche(code: String, name: String, region: Region, _ snapshot: DataSnapshot,
                           lane: WorkLane? = nil) async throws -> ServedFiche {
        try await servedFiche(key: "region-" + code, fileName: FicheFiles.fileName(code: code, name: name),
                              what: "région fiche \(code)", snapshot, lane: lane) { try $0.aggregates.regionReport(for: region) }
    }

    /// `GET /regions/{code}.pdf`: the région's fiche.
    func regionPDF(_ request: Request, _ context: FicheRequestContext) async throws -> Response {
        let fiche = try regionFiche(context)
        if let only = Self.singleTerritory(fiche.region) { return Self.redirect(to: "/fiches/\(only).pdf") }
        return pdfResponse(try await regionServedFiche(code: fiche.code, name: fiche.name, region: fiche.region,
                                                       fiche.snapshot, lane: lanes.fiches), request)
    }

    /// `GET /regions/{code}`: the région's figures, charts and départements, built once per snapshot.
    func regionPage(_ context: FicheRequestContext) async throws -> Response {
        let fiche = try regionFiche(context)
        if let only = Self.singleTerritory(fiche.region) { return Self.redirect(to: "/departements/\(only)") }
        return try await territoryPage(key: "region-" + fiche.code, what: "page région \(fiche.code)", fiche.snapshot) {
            try $0.aggregates.regionReport(for: fiche.region)
        }
    }

    /// A temporary redirect to `location` (a région of one territory is that territory's page).
    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-cache"
        return Response(status: .found, headers: headers)
    }
}
