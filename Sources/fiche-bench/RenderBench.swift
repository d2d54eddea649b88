import ArgumentParser
import Fiche
import FicheCommandLine
import Foundation
import TradeData

/// `fiche-bench render`: time to render one fiche from aggregated data, and where it goes.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time rendering one département's fiche from aggregated data (median of N renders after a warm-up).")

    @Argument(help: "Département code (default 95).")
    var departement: String = "95"

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @OptionGroup var territoryOptions: TerritoryOptions

    @Option(name: .customLong("repeat"), help: "Timed renders.")
    var repetitions: Int = 20

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/).", valueName: "dir"))
    var fontDir: String?

    func run() throws {
        try reportingErrors {
            let dataset = try dataOptions.loadDataset(detail: figureOptions.detailYears)
            let report = try figureOptions.aggregate(dataset).report(for: departement)
            let territories = try territoryOptions.load(for: dataset)
            let result = try RenderBenchmark.run(report: report, territories: territories, iterations: repetitions,
                                                 options: FicheOptions(fontDirectory: fontDir.map { URL(fileURLWithPath: $0) }))
            print(result.summary)
        }
    }
}
