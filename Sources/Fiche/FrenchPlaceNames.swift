import CSV
import Foundation
import TradeData

/// A place name with its French article, as INSEE's code officiel géographique gives it (TNCC).
struct FrenchPlaceName: Equatable, Sendable {
    /// The name, apostrophes typeset (’): "Val-d’Oise", "La Réunion".
    let name: String
    /// INSEE's TNCC: 0 "de", 1 "d’", 2 "du", 3 "de la", 4 "des", 5 "de l’" (6–8 do not occur in France).
    let articleType: Int

    init(name: String, articleType: Int) {
        self.name = FrenchTypography.curlyApostrophes(name)
        self.articleType = articleType
    }

    /// The name after "de": "du Nord", "de Paris", "des Yvelines", "de l’Ain", "d’Eure-et-Loir",
    /// "de la Lozère", "de La Réunion".
    var withDe: String {
        switch articleType {
        case 1: return "d’" + name
        case 2: return "du " + name
        case 3: return "de la " + name
        case 4, 6: return "des " + name
        case 5: return "de l’" + name
        default: return "de " + name
        }
    }

    /// The name as a subject, with its article: "le Nord", "Paris", "les Yvelines", "l’Ain",
    /// "Eure-et-Loir", "la Lozère", "La Réunion".
    var withArticle: String {
        switch articleType {
        case 2: return "le " + name
        case 3: return "la " + name
        case 4: return "les " + name
        case 5: return "l’" + name
        default: return name
        }
    }
}

/// Why the INSEE place tables could not be read.
struct FrenchPlaceNamesError: Error, CustomStringConvertible {
    let file: URL
    let reason: String
    var description: String { "\(file.path): \(reason)" }
}

/// The articles of every département and région of the customs data, built from the project's
/// copy of INSEE's code officiel géographique (`assets/reference/insee/v_departement_2025.csv`,
/// `v_region_2025.csv`).
///
/// Customs codes differ from INSEE's: Corse is one customs département, `20` (INSEE 2A and 2B,
/// named here as INSEE's région Corse); the overseas départements are `9A`…`9E` (INSEE 971…976
/// without 975); Monaco is `99`, not in the code officiel géographique. The customs region
/// grouping the overseas départements is no INSEE région: it is named as a group.
struct FrenchPlaceNames: Sendable {
    /// INSEE département code → name and article.
    let departements: [String: FrenchPlaceName]
    /// INSEE département code → INSEE région code.
    let regionOfDepartement: [String: String]
    /// INSEE région code → name and article.
    let regions: [String: FrenchPlaceName]

    /// The customs region of several overseas départements, named as a group.
    static let overseasGroup = FrenchPlaceName(name: "départements d’outre-mer", articleType: 4)
    /// Monaco (customs `99`), outside the code officiel géographique.
    static let monaco = FrenchPlaceName(name: "Monaco", articleType: 0)

    /// The INSEE code of a customs département code (nil for `20`, Corse, and `99`, Monaco).
    static func inseeCode(ofCustoms code: String) -> String? {
        switch code {
        case "9A": return "971"
        case "9B": return "972"
        case "9C": return "973"
        case "9D": return "974"
        case "9E": return "976"
        case "20", "99": return nil
        default: return code
        }
    }

    /// Whether a customs département code is an overseas département.
    static func isOverseas(_ code: String) -> Bool { code.hasPrefix("9") && code.count == 2 && code.last!.isLetter }

    /// Reads the two INSEE files of `directory` (`assets/reference/insee`).
    init(directory: URL) throws {
        let depRows = try Self.rows(directory.appendingPathComponent("v_departement_2025.csv"),
                                    columns: ["DEP", "REG", "TNCC", "NCCENR"])
        let regRows = try Self.rows(directory.appendingPathComponent("v_region_2025.csv"), columns: ["REG", "TNCC", "NCCENR"])
        var departements: [String: FrenchPlaceName] = [:], regionOf: [String: String] = [:], regions: [String: FrenchPlaceName] = [:]
        for row in depRows {
            departements[row[0]] = FrenchPlaceName(name: row[3], articleType: Int(row[2]) ?? 0)
            regionOf[row[0]] = row[1]
        }
        for row in regRows { regions[row[0]] = FrenchPlaceName(name: row[2], articleType: Int(row[1]) ?? 0) }
        self.departements = departements
        self.regionOfDepartement = regionOf
        self.regions = regions
    }

    /// The project's copy in `assets/reference/insee` beside the fiche templates.
    init(assets: URL) throws {
        try self.init(directory: assets.appendingPathComponent("reference/insee"))
    }

    /// The name and article of a customs département; the customs name with no article when
    /// INSEE does not know the code.
    func departement(_ d: Departement) -> FrenchPlaceName { departement(code: d.code, name: d.name) }

    /// The name and article of the customs département `code` (`name`: its customs name).
    func departement(code: String, name: String) -> FrenchPlaceName {
        if code == "99" { return Self.monaco }
        if code == "20", let corse = regions["94"] { return corse }
        if let insee = Self.inseeCode(ofCustoms: code), let place = departements[insee] { return place }
        return FrenchPlaceName(name: name, articleType: 0)
    }

    /// The name and article of a customs region: the INSEE région its départements belong to,
    /// or the overseas group when they belong to several (customs region of 9A…9E).
    func region(_ r: Region) -> FrenchPlaceName {
        let inseeRegions = Set(r.departementCodes.compactMap { code -> String? in
            if code == "20" { return "94" }
            return Self.inseeCode(ofCustoms: code).flatMap { regionOfDepartement[$0] }
        })
        if inseeRegions.count == 1, let place = regions[inseeRegions.first!] { return place }
        if !r.departementCodes.isEmpty, r.departementCodes.allSatisfy(Self.isOverseas) { return Self.overseasGroup }
        return FrenchPlaceName(name: r.name, articleType: 0)
    }

    /// Comma-separated rows with the wanted columns, by header name.
    static func rows(_ url: URL, columns: [String]) throws -> [[String]] {
        guard let data = try? Data(contentsOf: url), let text = CSVReader.utf8Text(data) else {
            throw FrenchPlaceNamesError(file: url, reason: "cannot be read (INSEE code officiel géographique expected)")
        }
        var records: [CSVRecord]
        do { records = try CSVReader.records(text, delimiter: ",") } catch CSVError.unterminatedQuote(let line) {
            throw FrenchPlaceNamesError(file: url, reason: "line \(line): unterminated quoted field")
        }
        guard !records.isEmpty else { throw FrenchPlaceNamesError(file: url, reason: "empty") }
        let header = records.removeFirst().fields
        let indices = try columns.map { name -> Int in
            guard let i = header.firstIndex(of: name) else { throw FrenchPlaceNamesError(file: url, reason: "no column \(name)") }
            return i
        }
        return records.map { record in indices.map { $0 < record.fields.count ? record.fields[$0] : "" } }
    }
}
