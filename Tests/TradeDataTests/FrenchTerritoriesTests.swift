import Foundation
import Testing
@testable import TradeData

/// The territory model: INSEE's code officiel géographique over the customs territories.
@Suite struct FrenchTerritoriesTests {
    static let insee = Fixtures.repositoryRoot.appendingPathComponent("assets/reference/insee")
    let geography = Geography(names: DisplayNames())

    /// The rows of one of the project's COG files, split on commas (no field is quoted in them).
    static func cogRows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: insee.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func theBuiltInTableIsTheProjectsCopyOfTheCOG() throws {
        let regions = try Self.cogRows("v_region_2025.csv")
        #expect(regions.map { FrenchTerritories.Place(code: $0["REG"]!, name: $0["NCCENR"]!, articleType: Int($0["TNCC"]!)!, regionCode: nil) }
                == FrenchTerritories.inseeRegions)
        let departements = try Self.cogRows("v_departement_2025.csv")
        #expect(departements.map {
            FrenchTerritories.Place(code: $0["DEP"]!, name: $0["NCCENR"]!, articleType: Int($0["TNCC"]!)!, regionCode: $0["REG"]!)
        } == FrenchTerritories.inseeDepartements)
    }

    @Test func everyCustomsDepartementHasItsINSEECodesAndMonacoNone() {
        #expect(FrenchTerritories.inseeCodes(ofCustoms: "95") == ["95"])
        #expect(FrenchTerritories.inseeCodes(ofCustoms: "20") == ["2A", "2B"])
        #expect(["9A", "9B", "9C", "9D", "9E"].map { FrenchTerritories.inseeCodes(ofCustoms: $0) }
                == [["971"], ["972"], ["973"], ["974"], ["976"]])
        #expect(FrenchTerritories.inseeCodes(ofCustoms: "99").isEmpty)
        // Every INSEE département is reached from exactly one customs one, and back.
        let reached = geography.departements.flatMap { FrenchTerritories.inseeCodes(ofCustoms: $0.code) }
        #expect(reached.sorted() == FrenchTerritories.inseeDepartements.map(\.code).sorted())
        for code in reached { #expect(FrenchTerritories.inseeCodes(ofCustoms: FrenchTerritories.customsCode(ofInsee: code)!).contains(code)) }
    }

    @Test func everyCustomsRegionIsOneINSEERegionButTheOverseasBlock() {
        let expected = ["01": ["32"], "03": ["11"], "04": ["24"], "05": ["28"], "07": ["53"], "08": ["52"], "09": ["75"],
                        "12": ["76"], "13": ["44"], "16": ["27"], "18": ["84"], "21": ["93"], "22": ["94"],
                        "24": ["01", "02", "03", "04", "06"]]
        #expect(Dictionary(uniqueKeysWithValues: geography.regions.map { ($0.code, FrenchTerritories.inseeRegionCodes(of: $0)) }) == expected)
    }

    @Test func typedDepartementCodesGiveTheCustomsOneAndCorseSaysWhy() {
        #expect(FrenchTerritories.departementCode(typed: "974") == ("9D", nil))
        #expect(FrenchTerritories.departementCode(typed: "9D") == ("9D", nil))
        #expect(FrenchTerritories.departementCode(typed: " 976 ") == ("9E", nil))
        #expect(FrenchTerritories.departementCode(typed: "1").code == "01")
        #expect(FrenchTerritories.departementCode(typed: "96") == ("96", nil))
        for typed in ["2A", "2b"] {
            let (code, note) = FrenchTerritories.departementCode(typed: typed)
            #expect(code == "20")
            #expect(note?.contains("covers Corse-du-Sud and Haute-Corse") == true)
        }
    }

    @Test func regionsAreReadByINSEECodeOrNameThenByCustomsCode() throws {
        func codes(_ typed: String) -> [String]? { FrenchTerritories.region(typed: typed, in: geography)?.region.departementCodes }
        let ileDeFrance = try #require(geography.region("03")).departementCodes
        for typed in ["11", "Île-de-France", "ile de france", "ILE-DE-FRANCE"] { #expect(codes(typed) == ileDeFrance, "\(typed)") }
        #expect(codes("bretagne") == ["22", "29", "35", "56"])
        #expect(codes("53") == ["22", "29", "35", "56"])
        #expect(codes("provence alpes cote d azur") == geography.region("21")?.departementCodes)
        #expect(codes("21") == geography.region("21")?.departementCodes)
        #expect(codes("outre-mer") == ["9A", "9B", "9C", "9D", "9E"])
        #expect(codes("77") == nil)
        #expect(codes("narnia") == nil)
        // Where the two systems collide, INSEE's région wins and a note says how to get the other.
        let reunion = try #require(FrenchTerritories.region(typed: "04", in: geography))
        #expect(reunion.region.departementCodes == ["9D"])
        #expect(reunion.note == "région 04 is INSEE's La Réunion; for customs région 04 (Centre-Val de Loire), give 24")
        let centre = try #require(FrenchTerritories.region(typed: "24", in: geography))
        #expect(centre.region.code == "04")
        #expect(centre.note?.hasSuffix("give outre-mer") == true)
        #expect(FrenchTerritories.region(typed: "11", in: geography)?.note == nil)
    }

    @Test func regionChoicesAreListedInINSEETerms() {
        let choices = FrenchTerritories.regionChoices(in: geography)
        #expect(choices.hasPrefix("11 Île-de-France, 24 Centre-Val de Loire, 27 Bourgogne-Franche-Comté"))
        #expect(choices.contains("94 Corse, 01 Guadeloupe"))
        #expect(choices.hasSuffix("06 Mayotte, or a name (e.g. bretagne)"))
    }

    @Test func searchKeysIgnoreAccentsCasePunctuationAndSaintAbbreviations() {
        #expect(FrenchTerritories.searchKey("Seine-Saint-Denis") == "seine saint denis")
        #expect(FrenchTerritories.searchKey("seine st denis") == "seine saint denis")
        #expect(FrenchTerritories.searchKey("Côte-d’Or") == "cote d or")
        #expect(FrenchTerritories.searchWords(ofCustoms: "20") == "2A Corse-du-Sud 2B Haute-Corse")
        #expect(FrenchTerritories.searchWords(ofCustoms: "9D") == "974 La Réunion")
        #expect(FrenchTerritories.searchWords(ofCustoms: "99") == "")
    }

    /// Provence-Alpes-Côte d'Azur is customs région 21, which also holds Monaco (99): the
    /// région's figures are its six départements' lines, and Monaco's count in France's only.
    @Test func monacoCountsInFranceButNotInProvenceAlpesCoteDAzur() throws {
        let paca = ["04", "05", "06", "13", "83", "84"]
        var lines: [String] = []
        for (i, code) in (paca + ["99", "75"]).enumerated() {
            lines.append("E;1;2024;\(code);00;C21Z;2120;DE;\(1_000 * (i + 1));1")
            lines.append("I;2;2024;\(code);00;C26A;2611;CN;\(700 * (i + 1));1")
            lines.append("E;3;2024;\(code);00;C30C;3030;US;\(300 * (i + 1));1")
        }
        let aggregates = try TradeAggregates(dataset: try Fixtures.load(lines.joined(separator: "\n") + "\n"), year: 2024)
        let departements = try paca.map { try #require(aggregates.territory(.departement, code: $0)) }
        let region = try #require(aggregates.territory(.region, code: "21"))
        let monaco = try #require(aggregates.territory(.departement, code: "99"))
        let paris = try #require(aggregates.territory(.departement, code: "75"))
        let france = try #require(aggregates.territory(.france))
        #expect(region.exportsEUR == departements.map(\.exportsEUR).reduce(0, +))
        #expect(region.importsEUR == departements.map(\.importsEUR).reduce(0, +))
        #expect(monaco.exportsEUR == 7_000 + 2_100)
        #expect(france.exportsEUR == region.exportsEUR + monaco.exportsEUR + paris.exportsEUR)
        #expect(france.importsEUR == region.importsEUR + monaco.importsEUR + paris.importsEUR)
        // The région's Sankey flows and partners are its départements' too.
        #expect(region.sankeyExports.flows.map(\.valueEUR).reduce(0, +) == region.exportsEUR)
        #expect(region.partners.map(\.importsEUR).reduce(0, +) == region.importsEUR)
        // Every PACA fiche compares with that région.
        for code in paca { #expect(try aggregates.report(for: code).exports.regionTotalEUR == region.exportsEUR) }
    }
}
