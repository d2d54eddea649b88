import ArgumentParser
import FicheCommandLine
import Foundation
import TradeData

/// `fiche list`: the départements (codes and names) and their regions.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the département codes a fiche can be made for, with their region.")

    @Option(name: .long, help: ArgumentHelp("Folder with Departement_region.txt (default: the project's own table).", valueName: "dir"))
    var referenceDir: String?

    func validate() throws {
        try checkPathOptions([("--reference-dir", referenceDir)])
    }

    func run() throws {
        try reportingErrors {
            var reference = ReferenceTables()
            if let dir = referenceDir { reference = try ReferenceTables.load(from: URL(fileURLWithPath: dir)) }
            let geography = Geography(names: DisplayNames(reference: reference))
            // Customs codes first (as the data files key them), INSEE's beside them (what readers and file names use).
            var lines = ["Régions (customs code; INSEE code) and their départements (customs code, INSEE code, name):"]
            for region in geography.regions {
                let insee = FrenchTerritories.inseeRegionCodes(of: region).joined(separator: ", ")
                lines.append("\(region.name) (\(region.code)\(insee.isEmpty ? "" : "; INSEE \(insee)"))")
                for code in region.departementCodes {
                    guard let dep = geography.departement(code) else { continue }
                    let inseeCodes = FrenchTerritories.inseeCodes(ofCustoms: dep.code).joined(separator: " ")
                    let column = (inseeCodes.isEmpty ? "-" : inseeCodes).padding(toLength: 5, withPad: " ", startingAt: 0)
                    let monaco = dep.code == "99" ? "  (no fiche: Monaco, in no région, counted in France's totals only)" : ""
                    lines.append("  \(dep.code)  \(column)  \(dep.name)\(monaco)")
                }
            }
            lines.append("")
            lines.append("Région fiches (fiche render --region CODE; Corse and each overseas région give their territory's fiche):")
            for fiche in FrenchTerritories.regionFiches(in: geography) { lines.append("  \(fiche.code)  \(fiche.name)") }
            try StandardOutput.printLine(lines.joined(separator: "\n"))
        }
    }
}

import Foundation
