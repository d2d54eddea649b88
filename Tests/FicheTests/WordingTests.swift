import Foundation
@testable import ProjectFiles
import Testing
@testable import TradeData
@testable import Fiche

/// Trade rows for one small made-up year, turned into a département's report; the temporary
/// file is removed before returning.
enum WordingFixture {
    struct Row {
        let flow: String, departement: String, activity: String, country: String, value: Int64
    }

    static func e(_ dep: String, _ activity: String, _ country: String, _ value: Int64) -> Row {
        Row(flow: "E", departement: dep, activity: activity, country: country, value: value)
    }

    static func i(_ dep: String, _ activity: String, _ country: String, _ value: Int64) -> Row {
        Row(flow: "I", departement: dep, activity: activity, country: country, value: value)
    }

    /// The report of `code` from `rows` (plus one row of each flow elsewhere in France, so that
    /// France is never empty).
    static func report(_ code: String, _ rows: [Row], skipBadLinesAfter extra: String? = nil) throws -> DepartementReport {
        let background = [e("13", "C10A", "IT", 1_000_000_000), i("13", "C10A", "IT", 1_000_000_000)]
        var lines: [String] = []
        for row in rows + background {
            let region = DisplayNames.departements.first { $0.code == row.departement }!.regionCode
            for quarter in 1...4 {
                let part = quarter < 4 ? row.value / 4 : row.value - 3 * (row.value / 4)
                lines.append("\(row.flow);\(quarter);2024;\(row.departement);\(region);\(row.activity);1011;\(row.country);\(part);1")
            }
        }
        if let extra { lines.append(extra) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-wording-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("trade.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let dataset = try TradeDataset.load(paths: [url], referenceDirectory: nil, skipBadLines: extra != nil)
        return try TradeAggregates(dataset: dataset, year: 2024).report(for: code)
    }

    /// The repository's fiche template, read once; one that cannot be read fails the tests
    /// that use it.
    static var template: FicheTemplate { get throws { try loadedTemplate.get() } }
    static let loadedTemplate = Result { try FicheTemplate(directory: ProjectFolder.assets().appendingPathComponent("fiche")) }

    /// The text of every page of the fiche, one string per page, as typeset (’), with the
    /// no-break spaces read as plain spaces.
    static func pages(_ report: DepartementReport) throws -> [String] {
        let values = try FicheValues.make(report, territories: nil, places: Fixtures.places)
        return try template.render(values).map {
            FrenchTypography.apply(text($0)).replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        }
    }

    /// The template values of a report.
    static func values(_ report: DepartementReport) throws -> [String: Any] {
        try FicheValues.make(report, territories: nil, places: Fixtures.places)
    }

    static func text(_ blocks: [TemplateBlock]) -> String {
        blocks.map { block -> String in
            switch block {
            case let .title(t), let .subtitle(t), let .paragraph(t), let .caption(t), let .note(t): return t
            case let .list(items): return items.joined(separator: "\n")
            case let .box(title, inner): return title + "\n" + text(inner)
            case let .totals(inner): return text(inner)
            case let .coverTitle(title, subtitle): return title + "\n" + subtitle
            case let .sankey(flow, territory, _, _): return "[sankey \(flow) \(territory)]"
            case .partnersChart: return "[partenaires]"
            case .departementsChart: return "[departements]"
            case .yearsChart: return "[annees]"
            case .activitiesChart: return "[activites]"
            case .bottom, .signOff: return ""
            }
        }.joined(separator: "\n")
    }

    /// What no sentence may show: a placeholder dash, an empty name, a typewriter apostrophe,
    /// an unfilled tag.
    static func placeholderProblems(_ page: String) -> [String] {
        ["« – »", "« »", " – %", "représente –", ": –", "'", "{{", "}}", " 0,0 millions", "de  ", " ,", " ."]
            .filter { page.contains($0) }
    }
}

/// The article of every département and région, from INSEE's TNCC.
@Suite struct ArticleTests {
    /// "de" + name for the 101 customs départements (Corse and Monaco included).
    static let expected: [String: String] = [
        "01": "de l’Ain",
        "02": "de l’Aisne",
        "03": "de l’Allier",
        "04": "des Alpes-de-Haute-Provence",
        "05": "des Hautes-Alpes",
        "06": "des Alpes-Maritimes",
        "07": "de l’Ardèche",
        "08": "des Ardennes",
        "09": "de l’Ariège",
        "10": "de l’Aube",
        "11": "de l’Aude",
        "12": "de l’Aveyron",
        "13": "des Bouches-du-Rhône",
        "14": "du Calvados",
        "15": "du Cantal",
        "16": "de la Charente",
        "17": "de la Charente-Maritime",
        "18": "du Cher",
        "19": "de la Corrèze",
        "20": "de Corse",
        "21": "de la Côte-d’Or",
        "22": "des Côtes-d’Armor",
        "23": "de la Creuse",
        "24": "de la Dordogne",
        "25": "du Doubs",
        "26": "de la Drôme",
        "27": "de l’Eure",
        "28": "d’Eure-et-Loir",
        "29": "du Finistère",
        "30": "du Gard",
        "31": "de la Haute-Garonne",
        "32": "du Gers",
        "33": "de la Gironde",
        "34": "de l’Hérault",
        "35": "d’Ille-et-Vilaine",
        "36": "de l’Indre",
        "37": "d’Indre-et-Loire",
        "38": "de l’Isère",
        "39": "du Jura",
        "40": "des Landes",
        "41": "du Loir-et-Cher",
        "42": "de la Loire",
        "43": "de la Haute-Loire",
        "44": "de la Loire-Atlantique",
        "45": "du Loiret",
        "46": "du Lot",
        "47": "du Lot-et-Garonne",
        "48": "de la Lozère",
        "49": "de Maine-et-Loire",
        "50": "de la Manche",
        "51": "de la Marne",
        "52": "de la Haute-Marne",
        "53": "de la Mayenne",
        "54": "de Meurthe-et-Moselle",
        "55": "de la Meuse",
        "56": "du Morbihan",
        "57": "de la Moselle",
        "58": "de la Nièvre",
        "59": "du Nord",
        "60": "de l’Oise",
        "61": "de l’Orne",
        "62": "du Pas-de-Calais",
        "63": "du Puy-de-Dôme",
        "64": "des Pyrénées-Atlantiques",
        "65": "des Hautes-Pyrénées",
        "66": "des Pyrénées-Orientales",
        "67": "du Bas-Rhin",
        "68": "du Haut-Rhin",
        "69": "du Rhône",
        "70": "de la Haute-Saône",
        "71": "de Saône-et-Loire",
        "72": "de la Sarthe",
        "73": "de la Savoie",
        "74": "de la Haute-Savoie",
        "75": "de Paris",
        "76": "de la Seine-Maritime",
        "77": "de Seine-et-Marne",
        "78": "des Yvelines",
        "79": "des Deux-Sèvres",
        "80": "de la Somme",
        "81": "du Tarn",
        "82": "du Tarn-et-Garonne",
        "83": "du Var",
        "84": "du Vaucluse",
        "85": "de la Vendée",
        "86": "de la Vienne",
        "87": "de la Haute-Vienne",
        "88": "des Vosges",
        "89": "de l’Yonne",
        "90": "du Territoire de Belfort",
        "91": "de l’Essonne",
        "92": "des Hauts-de-Seine",
        "93": "de la Seine-Saint-Denis",
        "94": "du Val-de-Marne",
        "95": "du Val-d’Oise",
        "99": "de Monaco",
        "9A": "de la Guadeloupe",
        "9B": "de la Martinique",
        "9C": "de la Guyane",
        "9D": "de La Réunion",
        "9E": "de Mayotte",
    ]

    @Test func everyDepartementHasItsArticle() throws {
        let geography = Geography(names: DisplayNames())
        #expect(geography.departements.count == 101)
        for d in geography.departements {
            #expect(try Fixtures.places.departement(d).withDe == Self.expected[d.code], "\(d.code)")
        }
    }

    @Test func regionsTakeTheirArticleAndTheOverseasRegionIsAGroup() throws {
        let geography = Geography(names: DisplayNames())
        let places = try Fixtures.places
        let de = Dictionary(uniqueKeysWithValues: geography.regions.map { ($0.code, places.region($0).withDe) })
        #expect(de == [
            "01": "des Hauts-de-France", "03": "d’Île-de-France", "04": "du Centre-Val de Loire", "05": "de Normandie",
            "07": "de Bretagne", "08": "des Pays de la Loire", "09": "de la Nouvelle-Aquitaine", "12": "d’Occitanie",
            "13": "du Grand Est", "16": "de Bourgogne-Franche-Comté", "18": "d’Auvergne-Rhône-Alpes",
            "21": "de Provence-Alpes-Côte d’Azur", "22": "de Corse", "24": "des départements d’outre-mer",
        ])
    }

    @Test func subjectsKeepTheArticleOfTheName() throws {
        let places = try Fixtures.places
        let geography = Geography(names: DisplayNames())
        func subject(_ code: String) -> String { places.departement(geography.departement(code)!).withArticle }
        #expect(subject("95") == "le Val-d’Oise")
        #expect(subject("78") == "les Yvelines")
        #expect(subject("01") == "l’Ain")
        #expect(subject("48") == "la Lozère")
        #expect(subject("9D") == "La Réunion")
    }

    @Test func theFicheSaysDuNordAndDeLaReunion() throws {
        let nord = try WordingFixture.pages(WordingFixture.report("59", [WordingFixture.e("59", "C29A", "BE", 5_000_000)]))
        #expect(nord[0].contains("ce que le département du Nord vend"))
        #expect(!nord.joined().contains("département Nord"))
        let reunion = try WordingFixture.pages(WordingFixture.report("9D", [WordingFixture.i("9D", "C29A", "FR", 5_000_000)]))
        #expect(reunion[1].contains("du département de La Réunion"))
    }
}

/// Sentences that depend on counts, on zero flows and balances, on the first client and supplier.
@Suite struct SentenceVariantTests {
    typealias F = WordingFixture

    @Test func surplusWithEveryPartner() throws {
        let r = try F.report("95", ["DE", "IT", "ES"].map { F.e("95", "C30Z", $0, 9_000_000) } + [F.i("95", "C30Z", "DE", 1_000_000)])
        let page = try F.pages(r)[3]
        #expect(page.contains("n’échange qu’avec trois pays"))
        #expect(page.contains("excédentaire avec chacun d’entre eux"))
        #expect(F.placeholderProblems(page).isEmpty)
    }

    @Test func deficitWithEveryPartnerOfTen() throws {
        let countries = ["DE", "IT", "ES", "BE", "NL", "US", "CN", "GB", "CH", "PL", "JP"]
        let rows = countries.enumerated().map { F.i("95", "C30Z", $1, Int64(20 - $0) * 1_000_000) } + [F.e("95", "C30Z", "DE", 1_000_000)]
        let r = try F.report("95", rows)
        let page = try F.pages(r)[3]
        #expect(page.contains("Les dix premiers pays partenaires du département du Val-d’Oise réunissent"))
        #expect(page.contains("déficitaire avec chacun d’entre eux"))
        #expect(!page.contains("Avec 0"))
    }

    @Test func mixedBalancesCountInWords() throws {
        let rows = [F.e("95", "C30Z", "DE", 9_000_000), F.e("95", "C30Z", "IT", 9_000_000), F.e("95", "C30Z", "ES", 9_000_000),
                    F.i("95", "C30Z", "CN", 9_000_000), F.i("95", "C30Z", "US", 9_000_000)]
        let page = try F.pages(F.report("95", rows))[3]
        #expect(page.contains("excédentaire avec trois d’entre eux et déficitaire avec deux."))
    }

    @Test func oneBalancedPartnerIsNamedAsSuch() throws {
        let rows = [F.e("95", "C30Z", "DE", 9_000_000), F.i("95", "C30Z", "DE", 9_000_000), F.i("95", "C30Z", "US", 5_000_000)]
        let page = try F.pages(F.report("95", rows))[3]
        #expect(page.contains("n’est excédentaire avec aucun d’entre eux : il est déficitaire avec un et nul avec un."))
    }

    @Test func aSinglePartner() throws {
        let page = try F.pages(F.report("95", [F.e("95", "C30Z", "DE", 9_000_000)]))[3]
        #expect(page.contains("Un seul pays échange avec le département du Val-d’Oise : Allemagne ; le solde commercial est excédentaire avec ce pays."))
    }

    @Test func noTradeAtAll() throws {
        let pages = try F.pages(F.report("48", []))
        #expect(pages[3].contains("aucun échange avec l’étranger pour le département de la Lozère"))
        #expect(!pages[3].contains("[activites]"))
        #expect(pages[4].contains("aucune exportation du département de la Lozère"))
        #expect(!pages[4].contains("[sankey"))
        #expect(pages[6].contains("aucune importation"))
        #expect(pages[1].contains("aucun échange de marchandises avec l’étranger pour le département de la Lozère"))
        #expect(pages[0].contains("aucun, faute d’exportations"))
        for page in pages { #expect(F.placeholderProblems(page).isEmpty, "\(page)") }
    }

    @Test func noExportsNeverPrintsADash() throws {
        let r = try F.report("14", [F.i("14", "C10A", "NL", 3_800_000)])
        let pages = try F.pages(r)
        #expect(pages[4].contains("Les douanes n’ont enregistré aucune exportation du département du Calvados en 2024"))
        #expect(pages[1].contains("aucune exportation du département du Calvados, qui a importé pour **3,8 millions d’euros**"))
        #expect(try F.values(r)["premier_client_existe"] as? Bool == false)
        for page in pages { #expect(F.placeholderProblems(page).isEmpty, "\(page)") }
    }

    @Test func aZeroBalanceIsCalledZero() throws {
        let r = try F.report("95", [F.e("95", "C30Z", "DE", 7_000_000), F.i("95", "C21Z", "US", 7_000_000)])
        let pages = try F.pages(r)
        #expect(pages[1].contains("soit un solde commercial nul : exportations et importations s’équilibrent exactement."))
        #expect(!pages.joined().contains("excédentaire de 0,0"))
        #expect(pages[0].contains("Solde commercial : **nul**"))
    }

    @Test func aBalanceThatRoundsToZeroIsNotCalledASurplus() throws {
        let r = try F.report("95", [F.e("95", "C30Z", "DE", 7_020_000), F.i("95", "C21Z", "US", 7_000_000)])
        let page = try F.pages(r)[1]
        #expect(page.contains("solde commercial quasi nul, inférieur à 0,1 million d’euros"))
    }

    @Test func firstClientIsTheLargestExportPartnerEvenOutsideTheTopTen() throws {
        // Ten countries only sell to the département; Japan is its only client, and the
        // smallest partner by imports + exports.
        let sellers = ["DE", "IT", "ES", "BE", "NL", "US", "CN", "GB", "CH", "PL"]
        let rows = sellers.map { F.i("95", "C30Z", $0, 100_000_000) } + [F.e("95", "C30Z", "JP", 50_000_000)]
        let r = try F.report("95", rows)
        #expect(!r.departementTrade.partners.contains { $0.code == "JP" })
        let facts = ReportFacts(r)
        #expect(facts.firstClient?.code == "JP")
        #expect(facts.firstSupplier?.code == "BE")  // ties by code
        let pages = try F.pages(r)
        #expect(pages[1].contains("Premier pays client : Japon"))
        #expect(pages[3].contains("Le premier pays client (Japon) n’y figure pas"))
        #expect(pages[4].contains("Le premier pays client du département du Val-d’Oise figure en tête de la colonne de droite : Japon."))
    }

    @Test func theSankeyKeySaysHowManyFlowsAreRedAsDrawn() throws {
        let one = try F.pages(try F.report("95", [F.e("95", "C25E", "DE", 7_000_000), F.i("95", "C25E", "DE", 1_000_000)]))
        #expect(one[4].contains("Le flux le plus important entre une activité et un pays est en violet foncé ; au-delà des dix premiers"))
        let many = try F.pages(try F.report("95", ["DE", "IT", "ES", "BE", "NL", "US"].map { F.e("95", "C25E", $0, 7_000_000) }
            + [F.i("95", "C25E", "DE", 1_000_000), F.i("95", "C30Z", "IT", 1_000_000)]))
        #expect(many[4].contains("Les cinq flux les plus importants entre une activité et un pays sont en violet foncé"))
        #expect(many[6].contains("Les deux flux les plus importants entre un pays et une activité sont en bleu foncé"))
    }

    @Test func theProductLevelAgreesInGenderAndNumber() {
        let products = FicheValues.levelAgreements(activities: false), activities = FicheValues.levelAgreements(activities: true)
        #expect(products["niveau_premieres"] as? String == "premiers" && activities["niveau_premieres"] as? String == "premières")
        #expect(products["Niveau_produits_exportees"] as? String == "Produits exportés")
        #expect(products["niveau_l_produit"] as? String == "le produit" && products["Niveau_principales"] as? String == "Principaux produits")
    }

    @Test func firstActivityUsesTheChartName() throws {
        let r = try F.report("95", [F.e("95", "C25E", "DE", 7_000_000), F.e("95", "C30Z", "DE", 3_000_000), F.i("95", "C30Z", "DE", 1_000_000)])
        let page = try F.pages(r)[4]
        #expect(page.contains("« Outillage et ouvrages en métaux », qui en représente 70,0 %"))
        #expect(page.contains("les deux activités exportées à l’unique pays de destination"))
    }
}

/// Corse and the overseas départements: their customs region is said truthfully.
@Suite struct CorseAndOverseasTests {
    typealias F = WordingFixture

    @Test func corseIsComparedWithFranceOnly() throws {
        let r = try F.report("20", [F.e("20", "C11Z", "IT", 20_000_000), F.i("20", "C19Z", "IT", 40_000_000)])
        let pages = try F.pages(r)
        #expect(pages[4].contains("soit **") && pages[4].contains("de la valeur des exportations nationales."))
        #expect(!pages[4].contains("100,0"))
        #expect(!pages.joined().contains("région Corse"))
        #expect(pages[5].contains("La Corse forme à elle seule une région douanière"))
        #expect(!pages[5].contains("[sankey exports region]"))
        #expect(pages[5].contains("[sankey exports france]"))
        #expect(pages[7].contains("[sankey imports france]") && !pages[7].contains("[sankey imports region]"))
        #expect(pages[1].contains("En 2024, la Corse a exporté"))
        #expect(pages[0].contains("la Corse-du-Sud (2A) et la Haute-Corse (2B), comparées à la France entière."))
    }

    @Test func overseasDepartementsAreComparedWithTheirGroup() throws {
        for (code, de) in [("9A", "de la Guadeloupe"), ("9B", "de la Martinique"), ("9C", "de la Guyane"),
                           ("9D", "de La Réunion"), ("9E", "de Mayotte")] {
            let r = try F.report(code, [F.e(code, "C10A", "FR", 2_000_000), F.i(code, "C19Z", "SG", 9_000_000),
                                        F.e("9A", "C10A", "US", 1_000_000)])
            let pages = try F.pages(r)
            #expect(pages[1].contains("le département \(de)"), "\(code)")
            #expect(pages[4].contains("de la valeur des exportations des départements d’outre-mer"), "\(code)")
            #expect(pages[5].contains("Flux à l’export, ensemble des départements d’outre-mer (2024)"), "\(code)")
            #expect(pages[5].contains("Les cinq départements d’outre-mer forment une seule région douanière"), "\(code)")
            #expect(!pages.joined().contains("région Départements"), "\(code)")
            for page in pages { #expect(F.placeholderProblems(page).isEmpty, "\(code): \(page)") }
        }
    }
}
