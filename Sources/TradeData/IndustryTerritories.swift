import CSV
import Foundation

/// A Territoire d'industrie and how many of its communes lie in each département.
package struct IndustryTerritory: Equatable, Sendable {
    let id: String
    package let name: String
    /// Customs département code → number of communes there.
    package let communesByDepartement: [String: Int]

    /// The département holding most of its communes (ties by code).
    var mainDepartement: String {
        communesByDepartement.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? ""
    }
}

/// The programme's perimeter, read from ANCT's commune-level file: one row per commune
/// with its INSEE code, the territory id(s) and name(s). Columns are found by header
/// name (`insee_com`/`code_insee`/`codgeo`, `id_ti`, `lib_ti`/`nom_ti`), separator `;` or `,`,
/// several territories of one commune separated by `|`.
package struct IndustryTerritories: Sendable {
    let territories: [IndustryTerritory]

    /// Fewer communes than this in a département, with the main part elsewhere: left out.
    package static let minimumCommunes = 5

    init(territories: [IndustryTerritory]) { self.territories = territories }

    /// The territories shown for a département: those with communes in it, except those
    /// whose main part lies elsewhere and that have fewer than 5 communes here.
    /// Sorted by number of communes here (most first), then name.
    package func principal(for departement: String) -> [IndustryTerritory] {
        territories.filter { t in
            guard let count = t.communesByDepartement[departement], count > 0 else { return false }
            return t.mainDepartement == departement || count >= Self.minimumCommunes
        }.sorted { a, b in
            let ca = a.communesByDepartement[departement]!, cb = b.communesByDepartement[departement]!
            return ca != cb ? ca > cb : a.name < b.name
        }
    }

    /// The territories of a région (its départements' customs codes): each one whose main part
    /// lies there, once, by name.
    package func mainlyIn(_ departements: [String]) -> [IndustryTerritory] {
        let codes = Set(departements)
        return territories.filter { codes.contains($0.mainDepartement) }.sorted { $0.name < $1.name }
    }

    /// Whether a territory with communes in the département was left out by the rule.
    package func leftOut(for departement: String) -> [IndustryTerritory] {
        let shown = Set(principal(for: departement).map(\.id))
        return territories.filter { ($0.communesByDepartement[departement] ?? 0) > 0 && !shown.contains($0.id) }
    }

    /// The customs département of an INSEE commune code: two characters, three for
    /// overseas (`971` → `9A` …), Corsica's `2A`/`2B` → `20`.
    static func departement(ofCommune insee: String) -> String? {
        let code = insee.uppercased()
        guard code.count == 5 else { return nil }
        if code.hasPrefix("2A") || code.hasPrefix("2B") { return "20" }
        if code.hasPrefix("97") {
            let overseas = ["971": "9A", "972": "9B", "973": "9C", "974": "9D", "976": "9E"]
            return overseas[String(code.prefix(3))]
        }
        let two = String(code.prefix(2))
        return two.allSatisfy(\.isNumber) ? two : nil
    }

    /// Reads the commune-level file.
    package static func load(from url: URL) throws -> IndustryTerritories {
        guard try InputPath.kind(of: url) == .regularFile else { throw TradeDataError.notAFile(path: url.path, kind: "a folder") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TradeDataError.unreadableFile(path: url.path, reason: InputPath.reason(error))
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.prefix(4096).contains(0) {
            throw TradeDataError.badReferenceFile(path: url.path, line: 0, reason:
                "this is a binary file\(data.starts(with: [0x50, 0x4B]) ? " (a zip archive)" : ""), not the Territoires d'industrie "
                + "CSV; extract the commune-level .csv file and give it with --ti-file")
        }
        let text = CSVReader.utf8OrLatin1Text(data)
        let separator = CSVReader.guessDelimiter(header: CSVReader.firstLine(text))
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, delimiter: separator) } catch CSVError.unterminatedQuote(let line) {
            throw TradeDataError.badReferenceFile(path: url.path, line: line, reason: "unterminated quoted field")
        }
        guard let header = records.first else {
            throw TradeDataError.badReferenceFile(path: url.path, line: 0, reason: "the file is empty")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) -> Int? { columns.firstIndex { names.contains($0) } }
        guard let communeColumn = column(["insee_com", "code_insee", "codgeo", "insee", "code_commune"]),
              let idColumn = column(["id_ti", "ti_id", "code_ti", "id"]),
              let nameColumn = column(["lib_ti", "nom_ti", "libelle_ti", "territoire"]) else {
            throw TradeDataError.badReferenceFile(path: url.path, line: 1,
                reason: "expected a header with the commune code (insee_com), the territory id (id_ti) and name (lib_ti), found '\(PrintableText.excerpt(header.fields.joined(separator: String(separator)), limit: 120))'")
        }
        var names: [String: String] = [:]
        var counts: [String: [String: Int]] = [:]
        for record in records.dropFirst() {
            let f = record.fields
            guard f.count > max(communeColumn, idColumn, nameColumn) else {
                throw TradeDataError.badReferenceFile(path: url.path, line: record.line,
                    reason: "expected \(columns.count) fields, found \(f.count)")
            }
            guard let departement = departement(ofCommune: f[communeColumn].trimmingCharacters(in: .whitespaces)) else {
                throw TradeDataError.badReferenceFile(path: url.path, line: record.line,
                    reason: "expected a five-character INSEE commune code, found '\(PrintableText.excerpt(f[communeColumn]))'")
            }
            let ids = f[idColumn].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let labels = f[nameColumn].split(separator: "|").map { PrintableText.name(String($0)) }
            for (k, id) in ids.enumerated() where !id.isEmpty {
                names[id] = k < labels.count ? labels[k] : (names[id] ?? id)
                counts[id, default: [:]][departement, default: 0] += 1
            }
        }
        let territories = counts.keys.sorted().map {
            IndustryTerritory(id: $0, name: names[$0] ?? PrintableText.name($0), communesByDepartement: counts[$0] ?? [:])
        }
        return IndustryTerritories(territories: territories)
    }
}

/// The demo's Territoires d'industrie file: Val-d'Oise's three real territories (with a
/// sample of their communes) and, elsewhere, territories marked as fictitious.
enum DemoTerritories {
    static func csv() -> String {
        var lines = ["insee_com;lib_com;id_ti;lib_ti"]
        func add(_ id: String, _ name: String, _ communes: [(String, String)]) {
            for (code, commune) in communes { lines.append("\(code);\(commune);\(id);\(name)") }
        }
        add("TI-BNS", "Boucle Nord de Seine", [
            ("95018", "Argenteuil"), ("95063", "Bezons"), ("95306", "Herblay-sur-Seine"),
            ("95176", "Cormeilles-en-Parisis"), ("95424", "Montigny-lès-Cormeilles"),
            ("92036", "Gennevilliers"), ("92025", "Colombes"), ("92078", "Villeneuve-la-Garenne"),
        ])
        add("TI-CO95", "Cergy Ouest 95", [
            ("95127", "Cergy"), ("95500", "Pontoise"), ("95476", "Osny"), ("95572", "Saint-Ouen-l'Aumône"),
            ("95218", "Éragny"), ("95637", "Vauréal"), ("95323", "Jouy-le-Moutier"), ("95388", "Menucourt"),
            ("95183", "Courdimanche"),
        ])
        add("TI-GRLB", "Grand Roissy Le Bourget", [
            ("95527", "Roissy-en-France"), ("95277", "Gonesse"), ("95280", "Goussainville"),
            ("95351", "Louvres"), ("95585", "Sarcelles"), ("95268", "Garges-lès-Gonesse"),
            ("95680", "Villiers-le-Bel"), ("93013", "Le Bourget"), ("93073", "Tremblay-en-France"),
            ("93005", "Aulnay-sous-Bois"), ("77294", "Mitry-Mory"),
        ])
        // Fictitious: a territory centred in Yvelines reaching three communes of Val-d'Oise,
        // left out of Val-d'Oise's fiche by the fewer-than-five-communes rule.
        add("TI-SA78", "Seine Aval (territoire fictif)", [
            ("78005", "Commune fictive 1"), ("78006", "Commune fictive 2"), ("78007", "Commune fictive 3"),
            ("78008", "Commune fictive 4"), ("78009", "Commune fictive 5"), ("78010", "Commune fictive 6"),
            ("95001", "Commune fictive 7"), ("95002", "Commune fictive 8"), ("95003", "Commune fictive 9"),
        ])
        // One fictitious territory for every other département, so every demo fiche has one.
        for dep in DisplayNames.departements where dep.code != "95" && dep.code != "99" {
            let prefix: String
            switch dep.code {
            case "20": prefix = "2A"
            case "9A": prefix = "971"
            case "9B": prefix = "972"
            case "9C": prefix = "973"
            case "9D": prefix = "974"
            case "9E": prefix = "976"
            default: prefix = dep.code
            }
            let communes = (1...6).map { n -> (String, String) in
                let suffix = String(format: prefix.count == 3 ? "%02d" : "%03d", n)
                return (prefix + suffix, "Commune fictive \(n)")
            }
            add("TI-FX\(dep.code)", "Territoire fictif \(dep.name)", communes)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
