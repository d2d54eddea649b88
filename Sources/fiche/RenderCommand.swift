import ArgumentParser
import FicheCommandLine
import Canvas
import Charts
import Fiche
import Foundation
import ProjectFiles
import TradeData

/// `fiche render 95`: the complete print-ready PDF fiche of one département.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one département's fiche: the print-ready multipage PDF.",
        discussion: """
        Writes output/<year>/<code>-<name>.pdf by default (e.g. output/2024/95-val-d-oise.pdf), \
        atomically. The text comes from the editable templates in assets/fiche/.
        """)

    @Argument(help: "Département code, INSEE or customs, e.g. 95, 974 or 9D, 2A (see `fiche list`).")
    var departement: String

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .long, help: ArgumentHelp("The PDF to write (default: output/<year>/<code>-<name>.pdf).", valueName: "file.pdf"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/; Marianne is used when present).", valueName: "dir"))
    var fontDir: String?

    @OptionGroup var territoryOptions: TerritoryOptions

    @Option(name: .long, help: ArgumentHelp("Also write the geometry of the fiche's charts (labels, sizes, tiles, nodes) as JSON.", valueName: "file.json"))
    var layoutJson: String?

    func validate() throws {
        try checkPathOptions([("--output", output), ("--font-dir", fontDir), ("--layout-json", layoutJson)])
    }

    func run() throws {
        try reportingErrors {
            let code = customsDepartement(departement)
            try refuseMonaco(code)
            let dataset = try dataOptions.loadDataset()
            let report = try figureOptions.aggregate(dataset).report(for: code)
            let territories = try territoryOptions.load(for: dataset)
            let url = output.map { URL(fileURLWithPath: $0) }
                ?? FicheFiles.defaultDirectory(year: report.year)
                .appendingPathComponent(FicheFiles.fileName(code: report.departement.code, name: report.departement.name))
            let renderer = try FicheRenderer(options: FicheOptions(fontDirectory: fontDir.map { URL(fileURLWithPath: $0) }))
            renderer.recordsChartLayouts = layoutJson != nil
            let rendered = try AtomicFile.write(to: url) { try renderer.render(report, territories: territories, to: $0) }
            printNote("wrote \(url.path) (\(rendered.pageCount) pages)")
            if let layoutJson {
                try AtomicFile.write(ChartDump.json(renderer.lastChartDumps), to: URL(fileURLWithPath: layoutJson))
            }
        }
    }
}

/// The customs code of the département a user typed, INSEE (974, 2A) or customs (9D, 20);
/// for 2A and 2B, says on standard error that the Corse fiche covers both.
func customsDepartement(_ typed: String) -> String {
    let (code, note) = FrenchTerritories.departementCode(typed: typed)
    if let note { printNote(note) }
    return code
}

/// Monaco (customs code 99) is counted in France's totals but is no French département: it has
/// no fiche, as `fiche list` says and `fiche bulk` does.
func refuseMonaco(_ code: String) throws {
    if code == "99" {
        throw ValidationError("Monaco (99) has no fiche: it is not a French département (its trade is counted in France's totals only)")
    }
}
