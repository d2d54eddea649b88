/// Names fit to print: the project's own French names first (accents on capitals,
/// official spelling, short chart labels), then the customs reference label, then the code.
/// Every name is passed through `PrintableText.name`: no control or separator character
/// from a reference table reaches a layout or a terminal.
package struct DisplayNames: Sendable {
    /// The reference tables read beside the trade files (possibly empty).
    package let reference: ReferenceTables

    package init(reference: ReferenceTables = ReferenceTables()) {
        self.reference = reference
    }

    /// A country's French name, e.g. `US` → "États-Unis".
    func country(_ code: String, year: Int) -> String {
        PrintableText.name(Self.countryNames[code]
            ?? ReferenceTables.label(code, in: reference.countries, year: year)
            ?? code)
    }

    /// An A129 activity's full French name.
    func activity(_ code: String, year: Int) -> String {
        PrintableText.name(Self.activityNames[code]?.full
            ?? ReferenceTables.label(code, in: reference.activities, year: year)
            ?? code)
    }

    /// An A129 activity's short label, suited to charts.
    func activityShort(_ code: String, year: Int) -> String {
        Self.activityNames[code]?.short ?? activity(code, year: year)
    }

    /// A CPF4 product's label: from the reference table read with the data, else from the
    /// project's own copy of it; the code itself only when neither knows it.
    func product(_ code: String, year: Int) -> String {
        let label = ReferenceTables.label(code, in: reference.products, year: year)
            ?? ReferenceTables.label(code, in: ReferenceTables.projectProductLabels, year: year)
        return PrintableText.name(label ?? code)
    }

    /// A CPF4 product's label for a chart: the label when short, else its first part
    /// (before a comma or a parenthesis) when that says enough, else its first words and «…».
    func productShort(_ code: String, year: Int) -> String {
        Self.shortLabel(product(code, year: year))
    }

    /// The longest chart label of a product, in characters (the activities' short names are
    /// at most about this long).
    static let shortLabelLength = 32

    /// `label` cut for a chart: whole up to `shortLabelLength` characters; else before its
    /// first comma, semicolon or parenthesis when that part is at least 12 characters and fits;
    /// else its first words that fit, without a dangling «de», «et»…, and «…».
    static func shortLabel(_ label: String) -> String {
        guard label.count > shortLabelLength else { return label }
        if let cut = label.firstIndex(where: { $0 == "," || $0 == ";" || $0 == "(" }) {
            let head = label[..<cut].trimmingCharacters(in: .whitespaces)
            if head.count >= 12 && head.count <= shortLabelLength { return head }
        }
        let connectors: Set<String> = ["de", "d’", "d'", "du", "des", "et", "ou", "à", "au", "aux", "en", "la", "le", "les",
                                       "pour", "sur", "par", "avec", "l’", "l'", "un", "une", "autres"]
        var words: [Substring] = []
        for word in label.split(separator: " ") {
            if (words + [word]).joined(separator: " ").count > shortLabelLength - 1 { break }
            words.append(word)
        }
        while let last = words.last, words.count > 1,
              connectors.contains(last.lowercased()) || last.hasSuffix(",") || last.hasSuffix("’") || last.hasSuffix("'") {
            words.removeLast()
        }
        guard !words.isEmpty else { return String(label.prefix(shortLabelLength - 1)) + "…" }
        return words.joined(separator: " ") + "…"
    }

    /// A département's official name, e.g. `21` → "Côte-d'Or".
    func departement(_ code: String) -> String {
        if let entry = Self.departements.first(where: { $0.code == code }) { return entry.name }
        return PrintableText.name(reference.departements.first(where: { $0.code == code })?.label ?? code)
    }

    /// A customs region's official name, e.g. `18` → "Auvergne-Rhône-Alpes".
    func region(_ code: String) -> String {
        PrintableText.name(Self.regionNames[code]
            ?? reference.departements.first(where: { $0.regionCode == code })?.regionLabel
            ?? code)
    }
}
