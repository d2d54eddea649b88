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
            // Customs codes first (file names and outputs use them), INSEE's beside them.
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
            try StandardOutput.printLine(lines.joined(separator: "\n"))
        }
    }
}

import Foundation
