import ProjectFiles

/// A département as the customs data knows it.
package struct Departement: Equatable, Sendable {
    /// Customs code: `01`…`95`, `20` (all of Corsica), `9A`…`9E`, `99` (Monaco).
    package let code: String
    package let name: String
    package let regionCode: String

    /// Its fiche's file name, with the code its readers know: `974-la-reunion.pdf`, `95-val-d-oise.pdf`.
    package var ficheFileName: String {
        FicheFiles.fileName(code: FrenchTerritories.fileCode(ofCustoms: code), name: name)
    }
}

/// A customs region (customs-internal code, not INSEE) and its départements.
package struct Region: Equatable, Sendable {
    package let code: String
    package let name: String
    package let departementCodes: [String]
}

/// The départements and regions in force: `Departement_region.txt` when given, the
/// project's own table otherwise, always with the project's display names.
package struct Geography: Sendable {
    /// Départements in code order; a département's position is its index in trade chunks.
    package let departements: [Departement]
    /// Regions in code order.
    package let regions: [Region]
    private let indexByKey: [UInt16: Int]

    package init(names: DisplayNames) {
        let rows: [(code: String, regionCode: String)]
        if names.reference.departements.isEmpty {
            rows = DisplayNames.departements.map { ($0.code, $0.regionCode) }
        } else {
            rows = names.reference.departements.map { ($0.code, $0.regionCode) }
        }
        let departements = rows
            .map { Departement(code: $0.code, name: names.departement($0.code), regionCode: $0.regionCode) }
            .sorted { $0.code < $1.code }
        self.departements = departements
        var byRegion: [String: [String]] = [:]
        for d in departements { byRegion[d.regionCode, default: []].append(d.code) }
        self.regions = byRegion.keys.sorted().map {
            Region(code: $0, name: names.region($0), departementCodes: byRegion[$0]!)
        }
        var index: [UInt16: Int] = [:]
        for (i, d) in departements.enumerated() {
            let bytes = Array(d.code.utf8)
            if bytes.count == 2 { index[Self.key(bytes[0], bytes[1])] = i }
        }
        self.indexByKey = index
    }

    /// Two code bytes packed into one key.
    @inline(__always) static func key(_ a: UInt8, _ b: UInt8) -> UInt16 { UInt16(a) << 8 | UInt16(b) }

    /// A 65 536-entry table from two code bytes to a département index (or -1), for the parser.
    func departementLookupTable() -> [Int16] {
        var table = [Int16](repeating: -1, count: 65_536)
        for (key, index) in indexByKey { table[Int(key)] = Int16(index) }
        return table
    }

    /// The département with this code, if the table knows it.
    package func departement(_ code: String) -> Departement? {
        departements.first { $0.code == code }
    }

    /// The region with this code.
    package func region(_ code: String) -> Region? {
        regions.first { $0.code == code }
    }

    /// The index of a département in `departements`.
    func index(of code: String) -> Int? {
        departements.firstIndex { $0.code == code }
    }
}
