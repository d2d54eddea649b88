import ArgumentParser
import Fiche
import FicheCommandLine
import Foundation
import TradeData

/// `fiche-bench charts`: time to lay out and draw the 8 charts of one département into a PDF.
struct ChartsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charts",
        abstract: "Time laying out and drawing one département's 8 charts into a PDF (use a release build).")

    @Argument(help: "Département code (default: a built-in synthetic département, no data needed).")
    var departement: String?

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .long, help: "Number of timed runs.")
    var iterations: Int = 30

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/).", valueName: "dir"))
    var fontDir: String?

    func run() throws {
        try reportingErrors {
            var input: ChartSheetInput? = nil
            if let departement {
                let dataset = try dataOptions.loadDataset(detail: figureOptions.detailYears)
                input = ChartInputs.sheet(try figureOptions.aggregate(dataset).report(for: departement))
            }
            try reportingCanvasErrors {
                let result = try ChartsBenchmark.run(input: input, iterations: iterations, fontDirectory: fontDir)
                print(result.summary)
            }
        }
    }
}
