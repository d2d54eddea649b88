// INSEE's code officiel géographique 2025, as the project's copies give it
// (`assets/reference/insee/v_region_2025.csv`, `v_departement_2025.csv`: REG or DEP, NCCENR,
// TNCC, REG). Kept in the code so that codes typed by a user are understood without any
// file; `FrenchTerritoriesTests` checks this table against the two files, row for row.

extension FrenchTerritories {
    /// A région or département of the COG: code, name (NCCENR), article type (TNCC), and
    /// for a département the code of its région.
    struct Place: Equatable, Sendable {
        let code: String
        let name: String
        let articleType: Int
        let regionCode: String?
    }

    /// The 18 régions, in code order.
    static let inseeRegions: [Place] = [
        ("01", "Guadeloupe", 3), ("02", "Martinique", 3), ("03", "Guyane", 3), ("04", "La Réunion", 0),
        ("06", "Mayotte", 0), ("11", "Île-de-France", 1), ("24", "Centre-Val de Loire", 2),
        ("27", "Bourgogne-Franche-Comté", 0), ("28", "Normandie", 0), ("32", "Hauts-de-France", 4),
        ("44", "Grand Est", 2), ("52", "Pays de la Loire", 4), ("53", "Bretagne", 0),
        ("75", "Nouvelle-Aquitaine", 3), ("76", "Occitanie", 1), ("84", "Auvergne-Rhône-Alpes", 1),
        ("93", "Provence-Alpes-Côte d'Azur", 0), ("94", "Corse", 0),
    ].map { Place(code: $0.0, name: $0.1, articleType: $0.2, regionCode: nil) }

    /// The 101 départements, in code order.
    static let inseeDepartements: [Place] = [
        ("01", "Ain", 5, "84"), ("02", "Aisne", 5, "32"), ("03", "Allier", 5, "84"),
        ("04", "Alpes-de-Haute-Provence", 4, "93"), ("05", "Hautes-Alpes", 4, "93"),
        ("06", "Alpes-Maritimes", 4, "93"), ("07", "Ardèche", 5, "84"), ("08", "Ardennes", 4, "44"),
        ("09", "Ariège", 5, "76"), ("10", "Aube", 5, "44"), ("11", "Aude", 5, "76"), ("12", "Aveyron", 5, "76"),
        ("13", "Bouches-du-Rhône", 4, "93"), ("14", "Calvados", 2, "28"), ("15", "Cantal", 2, "84"),
        ("16", "Charente", 3, "75"), ("17", "Charente-Maritime", 3, "75"), ("18", "Cher", 2, "24"),
        ("19", "Corrèze", 3, "75"), ("21", "Côte-d'Or", 3, "27"), ("22", "Côtes-d'Armor", 4, "53"),
        ("23", "Creuse", 3, "75"), ("24", "Dordogne", 3, "75"), ("25", "Doubs", 2, "27"),
        ("26", "Drôme", 3, "84"), ("27", "Eure", 5, "28"), ("28", "Eure-et-Loir", 1, "24"),
        ("29", "Finistère", 2, "53"), ("2A", "Corse-du-Sud", 3, "94"), ("2B", "Haute-Corse", 3, "94"),
        ("30", "Gard", 2, "76"), ("31", "Haute-Garonne", 3, "76"), ("32", "Gers", 2, "76"),
        ("33", "Gironde", 3, "75"), ("34", "Hérault", 5, "76"), ("35", "Ille-et-Vilaine", 1, "53"),
        ("36", "Indre", 5, "24"), ("37", "Indre-et-Loire", 1, "24"), ("38", "Isère", 5, "84"),
        ("39", "Jura", 2, "27"), ("40", "Landes", 4, "75"), ("41", "Loir-et-Cher", 2, "24"),
        ("42", "Loire", 3, "84"), ("43", "Haute-Loire", 3, "84"), ("44", "Loire-Atlantique", 3, "52"),
        ("45", "Loiret", 2, "24"), ("46", "Lot", 2, "76"), ("47", "Lot-et-Garonne", 2, "75"),
        ("48", "Lozère", 3, "76"), ("49", "Maine-et-Loire", 0, "52"), ("50", "Manche", 3, "28"),
        ("51", "Marne", 3, "44"), ("52", "Haute-Marne", 3, "44"), ("53", "Mayenne", 3, "52"),
        ("54", "Meurthe-et-Moselle", 0, "44"), ("55", "Meuse", 3, "44"), ("56", "Morbihan", 2, "53"),
        ("57", "Moselle", 3, "44"), ("58", "Nièvre", 3, "27"), ("59", "Nord", 2, "32"), ("60", "Oise", 5, "32"),
        ("61", "Orne", 5, "28"), ("62", "Pas-de-Calais", 2, "32"), ("63", "Puy-de-Dôme", 2, "84"),
        ("64", "Pyrénées-Atlantiques", 4, "75"), ("65", "Hautes-Pyrénées", 4, "76"),
        ("66", "Pyrénées-Orientales", 4, "76"), ("67", "Bas-Rhin", 2, "44"), ("68", "Haut-Rhin", 2, "44"),
        ("69", "Rhône", 2, "84"), ("70", "Haute-Saône", 3, "27"), ("71", "Saône-et-Loire", 0, "27"),
        ("72", "Sarthe", 3, "52"), ("73", "Savoie", 3, "84"), ("74", "Haute-Savoie", 3, "84"),
        ("75", "Paris", 0, "11"), ("76", "Seine-Maritime", 3, "28"), ("77", "Seine-et-Marne", 0, "11"),
        ("78", "Yvelines", 4, "11"), ("79", "Deux-Sèvres", 4, "75"), ("80", "Somme", 3, "32"),
        ("81", "Tarn", 2, "76"), ("82", "Tarn-et-Garonne", 2, "76"), ("83", "Var", 2, "93"),
        ("84", "Vaucluse", 2, "93"), ("85", "Vendée", 3, "52"), ("86", "Vienne", 3, "75"),
        ("87", "Haute-Vienne", 3, "75"), ("88", "Vosges", 4, "44"), ("89", "Yonne", 5, "27"),
        ("90", "Territoire de Belfort", 2, "27"), ("91", "Essonne", 5, "11"), ("92", "Hauts-de-Seine", 4, "11"),
        ("93", "Seine-Saint-Denis", 3, "11"), ("94", "Val-de-Marne", 2, "11"), ("95", "Val-d'Oise", 2, "11"),
        ("971", "Guadeloupe", 3, "01"), ("972", "Martinique", 3, "02"), ("973", "Guyane", 3, "03"),
        ("974", "La Réunion", 0, "04"), ("976", "Mayotte", 0, "06"),
    ].map { Place(code: $0.0, name: $0.1, articleType: $0.2, regionCode: $0.3) }
}
