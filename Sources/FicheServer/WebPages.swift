import Fiche
import Foundation
import ProjectFiles
import FrenchNumbers
import Mustache
import TradeData

/// The HTML pages, from the Mustache templates of `assets/serve/` (every value HTML-escaped by
/// Mustache, but the charts' SVG, which cairo drew from numbers and glyph outlines only).
struct WebPages: Sendable {
    let library: MustacheLibrary
    /// The version of the static files, in their URLs (`FicheServer.assetVersion`).
    let assetVersion: String
    /// The home page's map of the départements.
    let tileMap: TileMap

    static let templateNames = ["head", "foot", "index", "departement", "not-found", "comparaison"]

    init(directory: URL, assetVersion: String = "") throws {
        self.assetVersion = assetVersion
        tileMap = try TileMap(contentsOf: directory.appendingPathComponent("tile-map.csv"))
        var library = MustacheLibrary()
        for name in Self.templateNames {
            let url = directory.appendingPathComponent("\(name).mustache")
            guard let source = try? String(contentsOf: url, encoding: .utf8) else { throw ServeError.missingAsset(url.path) }
            do { try library.register(source, named: name) } catch { throw ServeError.invalidTemplate(url.path, plainTemplateError(error)) }
        }
        self.library = library
    }

    func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }

    /// What every page shows: title, demo mark, source, loading time.
    func common(_ snapshot: DataSnapshot, title: String) -> [String: Any] {
        let source = snapshot.isDemo
            ? "Source\u{00A0}: DGDDI, statistiques départementales du commerce extérieur \(snapshot.year) — données synthétiques de démonstration."
            : "Source\u{00A0}: DGDDI, statistiques départementales du commerce extérieur \(snapshot.year) (\(snapshot.aggregates.dataset.dataSourceDescription))."
        return ["title": title, "demo": snapshot.isDemo, "year": snapshot.year, "sourceLine": source, "assetVersion": assetVersion,
                "loadedAt": FrenchDate.dayAndTime(snapshot.loadedAt)]
    }

    /// Text folded for searching: lower case, no accents, words apart (`FrenchTerritories.searchKey`;
    /// `search.js` folds what is typed the same way).
    static func searchKey(_ text: String) -> String { FrenchTerritories.searchKey(text) }

    /// Whether searched words (`searchKey`, split) name a région: each begins a word of its name,
    /// the first its first word (« bretagne », « ile de france », « provence »; not « val » nor
    /// « est »). `search.js` applies the same rule.
    static func searchMatchesRegion(_ words: [String], regionName: String) -> Bool {
        let regionWords = FrenchTerritories.searchKey(regionName).split(separator: " ")
        guard let first = words.first, regionWords.first?.hasPrefix(first) == true else { return false }
        return words.allSatisfy { word in regionWords.contains { $0.hasPrefix(word) } }
    }

    /// A name from the data as French typography writes it (’ for every apostrophe, as in the fiche).
    static func display(_ name: String) -> String { FrenchTypography.curlyApostrophes(name) }

    /// The code a reader knows a département by, INSEE's as on its fiche: 974 (customs 9D),
    /// «2A, 2B» (Corse, customs 20); URLs keep the customs code, which every route answers.
    static func shownCode(_ code: String) -> String {
        let insee = FrenchTerritories.inseeCodes(ofCustoms: code)
        return insee.isEmpty ? code : insee.joined(separator: ", ")
    }

    static func millions(_ euros: Int64, sign: Bool = false) -> String {
        FrenchNumber.millionsOfEuros(Double(euros), sign: sign)
    }

    /// The code of a région's zip link: its INSEE code (customs région 24, the five overseas
    /// régions together, is `outre-mer`), as `/regions/{code}.zip` reads INSEE codes first.
    static func zipCode(ofRegion code: String, _ snapshot: DataSnapshot) -> String {
        guard let region = snapshot.aggregates.dataset.geography.region(code) else { return code }
        let insee = FrenchTerritories.inseeRegionCodes(of: region)
        return insee.count == 1 ? insee[0] : insee.isEmpty ? code : "outre-mer"
    }

    /// `GET /`: every département by region, filtered by `query` (the form without JavaScript).
    func index(_ snapshot: DataSnapshot, query: String) -> String {
        let words = Self.searchKey(query).split(whereSeparator: \.isWhitespace).map(String.init)
        var regions: [[String: Any]] = []
        var order: [String] = []
        var rowsByRegion: [String: [[String: Any]]] = [:]
        var names: [String: String] = [:]
        var shown = 0
        for d in snapshot.departements {
            // Found by its name and codes, customs and INSEE (« 974 », « haute corse »), or by its
            // région's name (« bretagne »).
            // Each searched word begins a word of the key: « cote d or » is no Côtes-d’Armor.
            let key = FrenchTerritories.searchKey("\(d.name) \(d.code)", departement: d.code)
            let keyWords = key.split(separator: " ")
            guard words.allSatisfy({ word in keyWords.contains { $0.hasPrefix(word) } })
                    || Self.searchMatchesRegion(words, regionName: d.regionName) else { continue }
            shown += 1
            if rowsByRegion[d.regionCode] == nil { order.append(d.regionCode); names[d.regionCode] = Self.display(d.regionName) }
            rowsByRegion[d.regionCode, default: []].append([
                "code": d.code, "shownCode": Self.shownCode(d.code), "name": Self.display(d.name), "search": key,
                "exports": Self.millions(d.exportsEUR), "imports": Self.millions(d.importsEUR),
                "balance": Self.millions(d.balanceEUR, sign: true),
                "balanceClass": d.balanceEUR >= 0 ? "positif" : "negatif",
                "fileName": FicheFiles.fileName(code: d.code, name: d.name),
            ])
        }
        for code in order {
            let region = snapshot.aggregates.dataset.geography.region(code)
            let hasPage = region.map { FrenchTerritories.regionFiche(of: $0, in: snapshot.aggregates.dataset.geography) != nil } ?? false
            var entry: [String: Any] = ["code": code, "zipCode": Self.zipCode(ofRegion: code, snapshot), "name": names[code] ?? code,
                                        "searchKey": Self.searchKey(names[code] ?? code),
                                        "departements": rowsByRegion[code] ?? []]
            // No key at all for a région without a page: Mustache shows a section for an empty string.
            if hasPage { entry["pageCode"] = Self.zipCode(ofRegion: code, snapshot) }
            // The overseas départements are five INSEE régions, shown together: no «région Départements…».
            entry["isGroup"] = region.map { FrenchTerritories.inseeRegionCodes(of: $0).count > 1 } ?? false
            regions.append(entry)
        }
        var values = common(snapshot, title: "Fiches commerce extérieur \(snapshot.year) – Territoires d’industrie")
        values["query"] = query
        values["regions"] = regions
        values["map"] = tileMap.values(snapshot.departements)
        values["resultText"] = shown == 0 ? "Aucun département ne correspond à la recherche."
            : shown == 1 ? "1 département affiché." : "\(shown) départements affichés."
        return render("index", values)
    }

    /// `GET /departements/{code}`: key figures, first client and supplier, charts with their tables.
    func departement(_ snapshot: DataSnapshot, report: DepartementReport, charts: [WebChart]) -> String {
        let facts = ReportFacts(report)
        let d = report.departement
        let shownCode = report.regionSubject.map { "région \($0.code)" } ?? Self.shownCode(d.code)
        var values = common(snapshot, title: "\(Self.display(d.name)) (\(shownCode))\u{00A0}: commerce extérieur \(report.year) – Territoires d’industrie")
        // The customs région of the overseas départements (five INSEE régions) is named as on
        // their fiche: «l’ensemble des départements d’outre-mer», never «région Départements…».
        let overseasGroup = FrenchTerritories.inseeRegionCodes(of: report.region).count > 1
        let overseasBlock = "l’ensemble des départements d’outre-mer"
        func share(_ f: FlowFigures) -> String {
            "\(FrenchNumber.format(f.shareOfRegionPct))\u{00A0}% \(overseasGroup ? "de " + overseasBlock : "de la région"), \(FrenchNumber.format(f.shareOfFrancePct, decimals: 2))\u{00A0}% de la France"
        }
        values["code"] = d.code
        values["shownCode"] = shownCode
        values["name"] = Self.display(d.name)
        values["regionLine"] = overseasGroup ? "Département d’outre-mer, comparé à " + overseasBlock
            : "Région " + Self.display(report.region.name)
        // (Mustache shows a section for any string, even empty: a missing link is no key at all.)
        if !overseasGroup && FicheServer.singleTerritory(report.region) == nil {
            values["regionURL"] = "/regions/" + Self.zipCode(ofRegion: report.region.code, snapshot)
        }
        values["completeYear"] = report.completeYear
        values["fileName"] = d.ficheFileName
        values["pdfURL"] = "/fiches/\(d.code).pdf"
        values["jsonURL"] = "/api/departements/\(d.code).json"
        values["exports"] = Self.millions(report.exports.totalEUR)
        values["imports"] = Self.millions(report.imports.totalEUR)
        values["exportsShare"] = share(report.exports)
        values["importsShare"] = share(report.imports)
        // Since the year before, when the data holds it complete (as the fiche's key figures say).
        if let previous = report.previousYear {
            for (key, flow) in [("exportsEvolution", previous.exports.own), ("importsEvolution", previous.imports.own)] {
                let text = flow.frenchSummary(since: previous.year)
                if !text.isEmpty { values[key] = text }
            }
        }
        if let subject = report.regionSubject {
            values.merge(regionValues(subject, report: report)) { $1 }
            values["regionURL"] = nil
            values["jsonURL"] = nil
        }
        values["balance"] = Self.millions(facts.balanceEUR, sign: true)
        values["balanceClass"] = facts.balanceEUR >= 0 ? "positif" : "negatif"
        values["balanceWord"] = facts.balanceEUR >= 0 ? "excédent" : "déficit"
        // Each amount is rounded on its own: say so where the shown balance is not the
        // difference of the shown exports and imports (by 0,1 M€).
        if Self.roundsApart(exports: report.exports.totalEUR, imports: report.imports.totalEUR) {
            values["balanceWord"] = (values["balanceWord"] as? String ?? "") + " (arrondi : il peut différer de 0,1 M€ de la différence des montants arrondis)"
        }
        values["firstClient"] = facts.firstClient.map { Self.display($0.name) } ?? "—"
        values["firstClientValue"] = facts.firstClient.map { "\(Self.millions($0.valueEUR)) d’exportations" } ?? ""
        values["firstSupplier"] = facts.firstSupplier.map { Self.display($0.name) } ?? "—"
        values["firstSupplierValue"] = facts.firstSupplier.map { "\(Self.millions($0.valueEUR)) d’importations" } ?? ""
        values["charts"] = charts.map { chart -> [String: Any] in
            ["name": chart.name, "title": chart.title, "alternative": chart.alternative,
             "svg": InlineSVG.prepare(chart.svg, prefix: chart.name, labelledBy: "titre-\(chart.name)", describedBy: "alt-\(chart.name)"),
             // The CSV the PDF attaches, in the page itself: no route, no second rendering.
             "csvURL": "data:text/csv;charset=utf-8;base64," + chart.csvFile.data.base64EncodedString(), "csvFileName": chart.csvFile.name,
             "header": chart.header.indices.map { column in
                 ["text": chart.header[column], "numeric": chart.rows.first.map { Self.isNumber($0[safe: column]) } ?? false]
             },
             "rows": chart.rows.map { row in ["cells": row.map { ["text": Self.frenchNumber($0), "numeric": Self.isNumber($0)] }] }]
        }
        return render("departement", values)
    }

    /// What a région's page shows instead of a département's: its départements linked, its PDF,
    /// its shares of France only.
    func regionValues(_ subject: RegionSubject, report: DepartementReport) -> [String: Any] {
        func share(_ f: FlowFigures) -> String { "\(FrenchNumber.format(f.shareOfFrancePct, decimals: 2))\u{00A0}% de la France" }
        return [
            "regionLine": "Région de \(subject.departements.count) départements, comparée à la France",
            "fileName": FicheFiles.fileName(code: subject.code, name: subject.name),
            "pdfURL": "/regions/\(subject.code).pdf",
            "zipURL": "/regions/\(subject.code).zip", "hasMembers": !subject.departements.isEmpty,
            "exportsShare": share(report.exports), "importsShare": share(report.imports),
            "members": subject.departements.map { d -> [String: Any] in
                ["code": d.code, "name": Self.display(d.name), "shownCode": Self.shownCode(d.code),
                 "exports": Self.millions(d.exportsEUR), "imports": Self.millions(d.importsEUR)]
            },
        ]
    }

    /// Whether exports and imports, each rounded to 0,1 M€, differ by other than their rounded
    /// difference.
    static func roundsApart(exports: Int64, imports: Int64) -> Bool {
        func tenths(_ eur: Int64) -> Int64 { Int64((Double(eur) / 100_000).rounded(.toNearestOrAwayFromZero)) }
        return tenths(exports) - tenths(imports) != tenths(exports - imports)
    }

    /// Whether a table cell holds a number ("1234,5", "-163,1"), to align it to the right.
    static func isNumber(_ text: String?) -> Bool {
        guard let text, !text.isEmpty else { return false }
        return text.allSatisfy { $0.isNumber || $0 == "," || $0 == "-" || $0 == "\u{2212}" || $0 == " " || $0 == "\u{202F}" }
    }

    /// A table cell as the fiche prints numbers: «-4493,8» → «−4 493,8» (U+202F thousands,
    /// U+2212 minus, as many decimals as given); any other text as it is. The CSV keeps the
    /// plain form, for spreadsheets.
    static func frenchNumber(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "\u{2212}", with: "-").replacingOccurrences(of: ",", with: ".")
        guard isNumber(text), !text.contains(" "), !text.contains("\u{202F}"), let value = Double(plain) else { return text }
        let decimals = plain.split(separator: ".").dropFirst().first?.count ?? 0
        return FrenchNumber.format(value, decimals: decimals)
    }

    /// The 404 page (and other refusals), in French.
    func notFound(_ snapshot: DataSnapshot, heading: String = "Page introuvable",
                  message: String = "L’adresse demandée ne correspond à aucune page, aucune fiche ni aucune région.") -> String {
        var values = common(snapshot, title: "\(heading) – Territoires d’industrie")
        values["heading"] = heading
        values["message"] = message
        return render("not-found", values)
    }
}

/// Dates for French readers, at the time of Paris: "2 décembre 2026 à 02:50:00 (heure de Paris)"
/// (UTC, said so, on a system without the time zone tables).
enum FrenchDate {
    static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                         "octobre", "novembre", "décembre"]

    static func dayAndTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        let paris = TimeZone(identifier: "Europe/Paris")
        calendar.timeZone = paris ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = c.day! == 1 ? "1er" : "\(c.day!)"
        let time = String(format: "%02d:%02d:%02d", c.hour!, c.minute!, c.second!)
        return "\(day) \(months[c.month! - 1]) \(c.year!) à \(time) (\(paris == nil ? "UTC" : "heure de Paris"))"
    }
}

/// Makes cairo's SVG fit inside an HTML page: no XML prolog; scalable (viewBox kept, fixed size
/// dropped); its ids prefixed, so that two charts on one page do not share glyph or clip ids;
/// `style` attributes turned into presentation attributes (the Content-Security-Policy forbids
/// inline styles); an image role named by its title, described by its alternative text.
enum InlineSVG {
    static func prepare(_ svg: String, prefix: String, labelledBy: String, describedBy: String) -> String {
        var text = svg
        if let start = text.range(of: "<svg") { text = String(text[start.lowerBound...]) }
        text = text.replacingOccurrences(of: "id=\"", with: "id=\"\(prefix)-")
            .replacingOccurrences(of: "href=\"#", with: "href=\"#\(prefix)-")
            .replacingOccurrences(of: "url(#", with: "url(#\(prefix)-")
        text = presentationAttributes(text)
        // The root element: size from the stylesheet, image role, labelled by the title and the alternative.
        if let open = text.range(of: "<svg"), let close = text.range(of: ">", range: open.upperBound..<text.endIndex) {
            var root = String(text[open.lowerBound..<close.lowerBound])
            root = root.replacingOccurrences(of: #" width="[^"]*""#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #" height="[^"]*""#, with: "", options: .regularExpression)
            root += " role=\"img\" aria-labelledby=\"\(labelledBy)\" aria-describedby=\"\(describedBy)\" focusable=\"false\""
            text.replaceSubrange(open.lowerBound..<close.lowerBound, with: root)
        }
        return text
    }

    /// `style="fill:none;stroke-width:0.4"` → `fill="none" stroke-width="0.4"`.
    static func presentationAttributes(_ svg: String) -> String {
        var out = ""
        out.reserveCapacity(svg.utf8.count)
        var rest = svg[...]
        while let found = rest.range(of: " style=\"") {
            out += rest[..<found.lowerBound]
            guard let end = rest[found.upperBound...].firstIndex(of: "\"") else { rest = rest[found.lowerBound...]; break }
            for declaration in rest[found.upperBound..<end].split(separator: ";") {
                let parts = declaration.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "-" }), !value.contains("\"") else { continue }
                out += " \(name)=\"\(value)\""
            }
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        return out
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
