import ArgumentParser
import FicheCommandLine
import Foundation
import TradeData

/// `fiche demo-data --output DIR`: writes the synthetic demo year and its past years.
struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Write the synthetic demo years (customs format) and a demo Territoires d'industrie file.",
        discussion: """
        Writes \(DemoYear.fileName(.exports)), \(DemoYear.fileName(.imports)) (about a million lines each, \
        every département and quarter), the same files for \(DemoYear.pastYears.lowerBound)–\(DemoYear.pastYears.upperBound) \
        (a tenth of the lines, each territory with a trend of its own) and \(DemoYear.territoriesFileName). The data \
        is synthetic; only the 2024 totals of Val-d'Oise, Île-de-France and France are the published ones. Same \
        output on every run.
        """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var output: String

    func validate() throws {
        try checkPathOptions([("--output", output)])
    }

    func run() throws {
        try reportingErrors {
            let start = ContinuousClock.now
            let directory = URL(fileURLWithPath: output)
            try DemoYear.write(to: directory)
            printNote(String(format: "wrote the demo years %d–%d into %@ in %.1f s", DemoYear.pastYears.lowerBound, DemoYear.year,
                             directory.path, (ContinuousClock.now - start) / .seconds(1)))
        }
    }
}
