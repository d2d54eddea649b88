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
            var lines: [String] = []
            for region in geography.regions {
                lines.append("\(region.name) (\(region.code))")
                for code in region.departementCodes {
                    guard let dep = geography.departement(code) else { continue }
                    lines.append("  \(dep.code)  \(dep.name)\(dep.code == "99" ? "  (no fiche: Monaco)" : "")")
                }
            }
            try StandardOutput.printLine(lines.joined(separator: "\n"))
        }
    }
}

import Foundation
