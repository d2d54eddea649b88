// The project's own table of départements and customs regions: official spelling,
// and the customs region each département belongs to. It lets the tool work without
// the reference files (demo, defaults); `Departement_region.txt`, when given, wins for
// the mapping and supplies labels for any code missing here.

extension DisplayNames {
    /// A département of the customs data: code, official name, customs region code.
    struct DepartementEntry {
        let code: String
        let name: String
        let regionCode: String
    }

    /// Customs-internal region codes (not INSEE) with the regions' official names.
    static let regionNames: [String: String] = [
        "01": "Hauts-de-France", "03": "Île-de-France", "04": "Centre-Val de Loire",
        "05": "Normandie", "07": "Bretagne", "08": "Pays de la Loire",
        "09": "Nouvelle-Aquitaine", "12": "Occitanie", "13": "Grand Est",
        "16": "Bourgogne-Franche-Comté", "18": "Auvergne-Rhône-Alpes",
        "21": "Provence-Alpes-Côte d'Azur", "22": "Corse", "24": "Départements d'outre-mer",
    ]

    /// The 101 départements of the customs files, in code order.
    static let departements: [DepartementEntry] = [
        ("01", "Ain", "18"), ("02", "Aisne", "01"), ("03", "Allier", "18"),
        ("04", "Alpes-de-Haute-Provence", "21"), ("05", "Hautes-Alpes", "21"),
        ("06", "Alpes-Maritimes", "21"), ("07", "Ardèche", "18"), ("08", "Ardennes", "13"),
        ("09", "Ariège", "12"), ("10", "Aube", "13"), ("11", "Aude", "12"),
        ("12", "Aveyron", "12"), ("13", "Bouches-du-Rhône", "21"), ("14", "Calvados", "05"),
        ("15", "Cantal", "18"), ("16", "Charente", "09"), ("17", "Charente-Maritime", "09"),
        ("18", "Cher", "04"), ("19", "Corrèze", "09"), ("20", "Corse", "22"),
        ("21", "Côte-d'Or", "16"), ("22", "Côtes-d'Armor", "07"), ("23", "Creuse", "09"),
        ("24", "Dordogne", "09"), ("25", "Doubs", "16"), ("26", "Drôme", "18"),
        ("27", "Eure", "05"), ("28", "Eure-et-Loir", "04"), ("29", "Finistère", "07"),
        ("30", "Gard", "12"), ("31", "Haute-Garonne", "12"), ("32", "Gers", "12"),
        ("33", "Gironde", "09"), ("34", "Hérault", "12"), ("35", "Ille-et-Vilaine", "07"),
        ("36", "Indre", "04"), ("37", "Indre-et-Loire", "04"), ("38", "Isère", "18"),
        ("39", "Jura", "16"), ("40", "Landes", "09"), ("41", "Loir-et-Cher", "04"),
        ("42", "Loire", "18"), ("43", "Haute-Loire", "18"), ("44", "Loire-Atlantique", "08"),
        ("45", "Loiret", "04"), ("46", "Lot", "12"), ("47", "Lot-et-Garonne", "09"),
        ("48", "Lozère", "12"), ("49", "Maine-et-Loire", "08"), ("50", "Manche", "05"),
        ("51", "Marne", "13"), ("52", "Haute-Marne", "13"), ("53", "Mayenne", "08"),
        ("54", "Meurthe-et-Moselle", "13"), ("55", "Meuse", "13"), ("56", "Morbihan", "07"),
        ("57", "Moselle", "13"), ("58", "Nièvre", "16"), ("59", "Nord", "01"),
        ("60", "Oise", "01"), ("61", "Orne", "05"), ("62", "Pas-de-Calais", "01"),
        ("63", "Puy-de-Dôme", "18"), ("64", "Pyrénées-Atlantiques", "09"),
        ("65", "Hautes-Pyrénées", "12"), ("66", "Pyrénées-Orientales", "12"),
        ("67", "Bas-Rhin", "13"), ("68", "Haut-Rhin", "13"), ("69", "Rhône", "18"),
        ("70", "Haute-Saône", "16"), ("71", "Saône-et-Loire", "16"), ("72", "Sarthe", "08"),
        ("73", "Savoie", "18"), ("74", "Haute-Savoie", "18"), ("75", "Paris", "03"),
        ("76", "Seine-Maritime", "05"), ("77", "Seine-et-Marne", "03"), ("78", "Yvelines", "03"),
        ("79", "Deux-Sèvres", "09"), ("80", "Somme", "01"), ("81", "Tarn", "12"),
        ("82", "Tarn-et-Garonne", "12"), ("83", "Var", "21"), ("84", "Vaucluse", "21"),
        ("85", "Vendée", "08"), ("86", "Vienne", "09"), ("87", "Haute-Vienne", "09"),
        ("88", "Vosges", "13"), ("89", "Yonne", "16"), ("90", "Territoire de Belfort", "16"),
        ("91", "Essonne", "03"), ("92", "Hauts-de-Seine", "03"), ("93", "Seine-Saint-Denis", "03"),
        ("94", "Val-de-Marne", "03"), ("95", "Val-d'Oise", "03"), ("99", "Monaco", "21"),
        ("9A", "Guadeloupe", "24"), ("9B", "Martinique", "24"), ("9C", "Guyane", "24"),
        ("9D", "La Réunion", "24"), ("9E", "Mayotte", "24"),
    ].map { DepartementEntry(code: $0.0, name: $0.1, regionCode: $0.2) }
}
