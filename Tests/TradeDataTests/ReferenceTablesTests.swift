import Foundation
import Testing
@testable import TradeData

/// The real reference files (the project's copy in assets/reference/douane), read as published, quirks included.
@Suite struct ReferenceTablesTests {
    let tables: ReferenceTables
    /// Files that cannot be read fail each test of the suite, not the whole run.
    init() throws { tables = try ReferenceTables.load(from: Fixtures.douane) }

    @Test func a129ByteOrderMarkIsStrippedFromTheFirstCode() {
        #expect(tables.activities["A01Z"] != nil)
        #expect(tables.activities.keys.allSatisfy { !$0.hasPrefix("\u{FEFF}") })
        #expect(ReferenceTables.label("A01Z", in: tables.activities, year: 2024) == "Produits de la culture et de l’élevage")
    }

    @Test func a129QuotedLabelsKeepTheirSemicolonAndItsNoBreakSpace() {
        // The published labels put a no-break space (U+00A0) before the quoted ";".
        #expect(ReferenceTables.label("C26E", in: tables.activities, year: 2024)
                == "Appareils de mesure, d'essai et de navigation\u{00A0}; articles d'horlogerie")
        #expect(ReferenceTables.label("C32C", in: tables.activities, year: 2024)
                == "Articles de sport, jeux et jouets\u{00A0}; produits manufacturés divers")
        #expect(tables.activities.count == 76)
    }

    @Test func cpf4IsDecodedAsLatin1() {
        #expect(ReferenceTables.label("0111", in: tables.products, year: 2024)
                == "Céréales (à l'exclusion du riz), légumineuses et oléagineux")
        #expect(ReferenceTables.label("0112", in: tables.products, year: 2024) == "Riz, non décortiqué")
        #expect(tables.products.count == 576)
    }

    @Test func countryCodesRepeatedWithValidityPeriodsKeepTheRowValidForTheYear() {
        #expect(ReferenceTables.label("QU", in: tables.countries, year: 2024) == "Pays et territoires non déterminés")
        #expect(ReferenceTables.label("QU", in: tables.countries, year: 1995) == "Pays NDA")
        #expect(ReferenceTables.label("XK", in: tables.countries, year: 2024) == "Kosovo")
        #expect(ReferenceTables.label("XK", in: tables.countries, year: 1992) == "Yougoslavie")
        #expect(ReferenceTables.label("XS", in: tables.countries, year: 2003) == "Saba")
        // A code no longer valid still gets its latest label.
        #expect(ReferenceTables.label("AN", in: tables.countries, year: 2024) == "Antilles néerlandaises")
    }

    @Test func departementTableHas101RowsWithCustomsRegions() {
        #expect(tables.departements.count == 101)
        let valDOise = tables.departements.first { $0.code == "95" }
        #expect(valDOise == DepartementRow(code: "95", label: "Val-d'Oise", regionCode: "03", regionLabel: "Ile-de-France"))
        #expect(tables.departements.contains { $0.code == "9E" && $0.regionCode == "24" })
        #expect(tables.departements.contains { $0.code == "99" })
    }

    @Test func geographyFromTheReferenceTableMatchesTheProjectsOwnTable() {
        let fromFile = Geography(names: DisplayNames(reference: tables))
        let builtIn = Geography(names: DisplayNames())
        #expect(fromFile.departements == builtIn.departements)
        #expect(fromFile.regions == builtIn.regions)
        #expect(fromFile.regions.count == 14)
        #expect(fromFile.region("03")?.departementCodes == ["75", "77", "78", "91", "92", "93", "94", "95"])
    }

    @Test func referenceFilesAreFoundBesideTheTradeFiles() throws {
        let dir = Fixtures.temporaryDirectory()
        for name in ReferenceTables.publishedFileNames {
            try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try Fixtures.write("E;1;2024;95;03;C21Z;2120;AN;10;1\nI;1;2024;95;03;C21Z;2120;AN;10;1\n", named: "t.txt", in: dir)
        let dataset = try TradeDataset.load(paths: [dir])
        #expect(dataset.names.reference.countries["AN"] != nil)
        #expect(dataset.chunks.count == 1)  // the reference tables are not read as trade data
        #expect(dataset.names.country("AN", year: 2024) == "Antilles néerlandaises")
    }
}

/// A reference folder must exist and hold all four tables.
@Suite struct ReferenceFolderTests {
    @Test func aMissingFolderIsAnErrorNamingIt() {
        let path = "/nonexistent/reference-\(UUID().uuidString)"
        let message = Fixtures.message { _ = try ReferenceTables.load(from: URL(fileURLWithPath: path)) }
        #expect(message?.contains(path) == true)
        #expect(message?.contains("no such folder") == true)
    }

    @Test func aFolderLackingATableIsAnErrorNamingTheTable() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["Libelle_PAYS.txt", "Departement_region.txt", "Libelle_A129.txt"] {
            try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let message = Fixtures.message { _ = try ReferenceTables.load(from: dir) }
        #expect(message?.contains("Libelle_CPF4_rev2.1.txt") == true)
    }
}

/// The project's own display names, and their fallbacks.
@Suite struct DisplayNamesTests {
    let names: DisplayNames
    /// Reference files that cannot be read fail each test of the suite, not the whole run.
    init() throws { names = DisplayNames(reference: try ReferenceTables.load(from: Fixtures.douane)) }

    @Test func countriesGetProperFrenchNames() {
        #expect(names.country("US", year: 2024) == "États-Unis")
        #expect(names.country("AE", year: 2024) == "Émirats arabes unis")
        #expect(names.country("GB", year: 2024) == "Royaume-Uni")
        #expect(names.country("KR", year: 2024) == "Corée du Sud")
    }

    @Test func departementsAndRegionsUseTheOfficialSpelling() {
        #expect(names.departement("21") == "Côte-d'Or")
        #expect(names.departement("95") == "Val-d'Oise")
        #expect(names.region("03") == "Île-de-France")
        #expect(names.region("18") == "Auvergne-Rhône-Alpes")
        #expect(names.region("16") == "Bourgogne-Franche-Comté")
    }

    @Test func activitiesHaveShortChartLabels() {
        #expect(names.activityShort("C30C", year: 2024) == "Aéronautique et spatial")
        #expect(names.activity("C21Z", year: 2024) == "Produits pharmaceutiques")
        #expect(DisplayNames.activityNames.values.allSatisfy { $0.short.count <= 32 })
    }

    @Test func unknownCodesFallBackToTheReferenceLabelThenToTheCode() {
        #expect(names.country("AN", year: 2024) == "Antilles néerlandaises")  // only in the reference table
        #expect(names.product("2120", year: 2024) == "Préparations pharmaceutiques")
        #expect(names.country("Q9", year: 2024) == "Q9")
        // No reference table read: the project's own copy of the CPF4 table names the product;
        // a code it does not know stays a code.
        #expect(DisplayNames().product("2120", year: 2024) == "Préparations pharmaceutiques")
        #expect(DisplayNames().product("0000", year: 2024) == "0000")
    }

    @Test func everyValidCountryOfTheReferenceTableHasAProjectName() {
        let valid = names.reference.countries.filter { $0.value.contains { $0.end == 999912 } }.keys
        let missing = valid.filter { DisplayNames.countryNames[$0] == nil }.sorted()
        #expect(missing.isEmpty, "no project name for \(missing)")
    }

    @Test func everyA129CodeOfTheReferenceTableHasAProjectName() {
        let missing = names.reference.activities.keys.filter { DisplayNames.activityNames[$0] == nil }.sorted()
        #expect(missing.isEmpty, "no project name for \(missing)")
    }
}
