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

    /// A CPF4 product's label (from the reference table; the project keeps no CPF4 names).
    func product(_ code: String, year: Int) -> String {
        PrintableText.name(ReferenceTables.label(code, in: reference.products, year: year) ?? code)
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
