import ArgumentParser
import FicheCommandLine
import Canvas
import Charts
import Fiche
import Foundation
import ProjectFiles
import TradeData

/// `fiche charts 95`: the eight charts of one département on a PDF sheet, and their geometry as JSON.
struct ChartsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charts",
        abstract: "Draw one département's charts (partner bars, activity treemap, six Sankeys) on a PDF sheet.",
        discussion: """
        A sheet to look at the charts alone, outside the fiche. With --layout-json, also writes the \
        geometry of every chart (frames, nodes, links, tiles, rows and every label box) as JSON.
        """)

    @Argument(help: "Département code, INSEE or customs, e.g. 95, 974 or 9D, 2A (see `fiche list`).")
    var departement: String

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .long, help: ArgumentHelp("The PDF to write (default: output/charts-<département>.pdf).", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Also write the charts' geometry to this JSON file.", valueName: "file"))
    var layoutJson: String?

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/).", valueName: "dir"))
    var fontDir: String?

    @Option(name: .long, help: "Font family to draw with; it must be in the font folder.")
    var fontFamily: String = "Inter"

    func validate() throws {
        try checkPathOptions([("--output", output), ("--layout-json", layoutJson), ("--font-dir", fontDir)])
    }

    func run() throws {
        try reportingErrors {
            let code = customsDepartement(departement)
            let dataset = try dataOptions.loadDataset(detail: figureOptions.detailYears)
            let report = try figureOptions.aggregate(dataset).report(for: code)
            let input = ChartInputs.sheet(report)
            let path = output ?? "output/charts-\(report.departement.code).pdf"
            try reportingCanvasErrors {
                let fonts = try FontLibrary(directory: fontDir ?? ProjectFolder.fonts(besideAssets: ProjectFolder.assets()).path)
                let measurer = try PangoTextMeasurer(engine: TextEngine(fonts: fonts), family: fontFamily)
                let dumps = try AtomicFile.write(to: URL(fileURLWithPath: path)) { temporary in
                    try ChartSheet(measurer: measurer).render(input, to: temporary.path)
                }
                printNote("wrote \(path)")
                for chart in dumps {
                    if let hidden = chart.hidden_labels {
                        printNote("note: \(chart.name ?? chart.kind): no room for the labels of \(hidden.count) small node(s): \(hidden.joined(separator: ", "))")
                    }
                    let hiddenTiles = chart.tiles?.filter { !$0.label_shown }.map(\.label) ?? []
                    if !hiddenTiles.isEmpty {
                        printNote("note: \(chart.name ?? chart.kind): \(hiddenTiles.count) tile(s) too small for a label: \(hiddenTiles.joined(separator: ", "))")
                    }
                }
                if let layoutJson {
                    var data = try ChartDump.json(dumps)
                    data.append(0x0A)
                    try AtomicFile.write(data, to: URL(fileURLWithPath: layoutJson))
                    printNote("wrote \(layoutJson)")
                }
            }
        }
    }
}
