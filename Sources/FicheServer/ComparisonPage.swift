import Foundation
import FrenchNumbers
import Hummingbird
import TradeData

/// `GET /departements`: every département in one table, sorted by any column (`?tri=…&ordre=…`:
/// works without JavaScript, and a sorted table can be shared), with its evolution since the
/// year before when the data holds it, and the régions' and France's totals below.
struct ComparisonTable {
    /// The columns a reader can sort by, as named in the address.
    enum Column: String, CaseIterable {
        case nom, region, exportations, importations, solde
        case evolutionExportations = "evolution-exportations", evolutionImportations = "evolution-importations"

        var heading: String {
            switch self {
            case .nom: return "Département"
            case .region: return "Région"
            case .exportations: return "Exportations (M€)"
            case .importations: return "Importations (M€)"
            case .solde: return "Solde (M€)"
            case .evolutionExportations: return "Évolution des exportations"
            case .evolutionImportations: return "Évolution des importations"
            }
        }

        var isNumeric: Bool { self != .nom && self != .region }
    }

    /// One line: a département, a région or France.
    struct Line {
        let name: String, link: String?, regionName: String, regionLink: String?
        let exportsEUR: Int64, importsEUR: Int64
        /// Percent change since the year before, when it means something (see `change`).
        let exportsChange: Double?, importsChange: Double?
    }

    /// Below this the year before reads «quasi nul»: a percentage of it would mean nothing.
    static let negligibleEUR: Int64 = 50_000

    /// The change from `previous` to `current` in percent, or nil.
    static func change(_ previous: Int64?, _ current: Int64) -> Double? {
        guard let previous, previous >= negligibleEUR else { return nil }
        return Double(current - previous) / Double(previous) * 100
    }

    /// `lines` sorted by `column` (`descending` or not); names break ties, in French order.
    static func sorted(_ lines: [Line], by column: Column, descending: Bool) -> [Line] {
        func key(_ l: Line) -> Double? {
            switch column {
            case .nom, .region: return nil
            case .exportations: return Double(l.exportsEUR)
            case .importations: return Double(l.importsEUR)
            case .solde: return Double(l.exportsEUR - l.importsEUR)
            case .evolutionExportations: return l.exportsChange
            case .evolutionImportations: return l.importsChange
            }
        }
        func text(_ l: Line) -> String { FrenchTerritories.searchKey(column == .region ? l.regionName + " " + l.name : l.name) }
        // The keys made once a line, not once a comparison (folding names is the costly part).
        let keyed = lines.map { (line: $0, key: key($0), text: text($0), name: FrenchTerritories.searchKey($0.name)) }
        return keyed.sorted { a, b in
            if column.isNumeric {
                // Lines without a value (no evolution) last, whichever the order.
                switch (a.key, b.key) {
                case let (x?, y?) where x != y: return descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: break
                }
            } else if a.text != b.text {
                return descending ? a.text > b.text : a.text < b.text
            }
            return a.name < b.name
        }.map(\.line)
    }
}

extension FicheServer {
    /// `GET /departements`: the comparison table.
    func comparisonPage(_ request: Request, _ context: FicheRequestContext) throws -> Response {
        let snapshot = try context.data()
        let column = request.uri.queryParameters.get("tri").flatMap { ComparisonTable.Column(rawValue: String($0)) } ?? .exportations
        let order = request.uri.queryParameters.get("ordre").map { String($0) }
        let descending = order.map { $0 != "asc" } ?? column.isNumeric
        return .html(pages.comparison(snapshot, column: column, descending: descending))
    }
}

extension DataSnapshot {
    /// Every département's line of the comparison table, and each région's and France's.
    func comparisonLines() -> (departements: [ComparisonTable.Line], totals: [ComparisonTable.Line]) {
        let previous = aggregates.previous
        let geography = aggregates.dataset.geography
        func regionLink(_ region: Region) -> String? {
            FrenchTerritories.regionFiche(of: region, in: geography).map { "/regions/\($0.code)" }
        }
        let departementLines = departements.map { d -> ComparisonTable.Line in
            let before = previous?.territory(.departement, code: d.code)
            let region = geography.region(d.regionCode)
            return ComparisonTable.Line(
                name: WebPages.display(d.name) + " (\(WebPages.shownCode(d.code)))", link: "/departements/\(d.code)",
                regionName: WebPages.display(d.regionName), regionLink: region.flatMap(regionLink),
                exportsEUR: d.exportsEUR, importsEUR: d.importsEUR,
                exportsChange: ComparisonTable.change(before?.exportsEUR, d.exportsEUR),
                importsChange: ComparisonTable.change(before?.importsEUR, d.importsEUR))
        }
        var totals = geography.regions.compactMap { region -> ComparisonTable.Line? in
            guard let trade = aggregates.territory(.region, code: region.code) else { return nil }
            let before = previous?.territory(.region, code: region.code)
            return ComparisonTable.Line(
                name: WebPages.display(region.name), link: regionLink(region), regionName: "", regionLink: nil,
                exportsEUR: trade.exportsEUR, importsEUR: trade.importsEUR,
                exportsChange: ComparisonTable.change(before?.exportsEUR, trade.exportsEUR),
                importsChange: ComparisonTable.change(before?.importsEUR, trade.importsEUR))
        }
        if let france = aggregates.territory(.france) {
            let before = previous?.territory(.france)
            totals.append(ComparisonTable.Line(
                name: "France entière", link: nil, regionName: "", regionLink: nil,
                exportsEUR: france.exportsEUR, importsEUR: france.importsEUR,
                exportsChange: ComparisonTable.change(before?.exportsEUR, france.exportsEUR),
                importsChange: ComparisonTable.change(before?.importsEUR, france.importsEUR)))
        }
        return (departementLines, totals)
    }
}

extension WebPages {
    /// The comparison table's page, sorted by `column`.
    func comparison(_ snapshot: DataSnapshot, column: ComparisonTable.Column, descending: Bool) -> String {
        let (departements, totals) = snapshot.comparisonLines()
        let evolution = snapshot.aggregates.previous != nil
        let columns = ComparisonTable.Column.allCases.filter { evolution || ($0 != .evolutionExportations && $0 != .evolutionImportations) }
        func percent(_ value: Double?) -> String {
            value.map { FrenchNumber.format($0, decimals: 1, sign: true) + "\u{00A0}%" } ?? "—"
        }
        func row(_ l: ComparisonTable.Line) -> [String: Any] {
            // Millions of euros, as the column headings say, in the fiche's number form.
            func m(_ eur: Int64, sign: Bool = false) -> String { FrenchNumber.format(Double(eur) / 1e6, decimals: 1, sign: sign) }
            var cells: [[String: Any]] = [
                ["text": m(l.exportsEUR)], ["text": m(l.importsEUR)],
                ["text": m(l.exportsEUR - l.importsEUR, sign: true), "class": l.exportsEUR >= l.importsEUR ? "positif" : "negatif"],
            ]
            if evolution { cells += [["text": percent(l.exportsChange)], ["text": percent(l.importsChange)]] }
            var out: [String: Any] = ["name": l.name, "regionName": l.regionName, "cells": cells]
            if let link = l.link { out["link"] = link }
            if let link = l.regionLink { out["regionLink"] = link }
            return out
        }
        let headings = columns.map { c -> [String: Any] in
            let current = c == column
            // A click on the sorted column reverses it; on another, sorts by it (largest first for figures).
            let nextDescending = current ? !descending : c.isNumeric
            return ["text": c.heading, "numeric": c.isNumeric,
                    "href": "/departements?tri=\(c.rawValue)&ordre=\(nextDescending ? "desc" : "asc")",
                    "sort": current ? (descending ? "descending" : "ascending") : "none", "current": current,
                    "arrow": current ? (descending ? "▼" : "▲") : ""]
        }
        var values = common(snapshot, title: "Tous les départements comparés, \(snapshot.year) – Territoires d’industrie")
        values["headings"] = headings
        values["rows"] = ComparisonTable.sorted(departements, by: column, descending: descending).map(row)
        values["totals"] = totals.map(row)
        values["totalHeadings"] = Array(headings.dropFirst(2))
        values["evolutionYear"] = evolution ? String(snapshot.year - 1) : ""
        let direction = column.isNumeric ? (descending ? "du plus grand au plus petit" : "du plus petit au plus grand")
            : (descending ? "de Z à A" : "de A à Z")
        values["sortedBy"] = "\(column.heading), \(direction)"
        return render("comparaison", values)
    }
}
