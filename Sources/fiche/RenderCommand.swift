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
        abstract: "Render one département's (or région's) fiche: the print-ready multipage PDF.",
        discussion: """
        Writes output/<year>/<code>-<name>.pdf by default (e.g. output/2024/95-val-d-oise.pdf, \
        974-la-reunion.pdf), atomically; with --region, output/<year>/regions/<code>-<name>.pdf \
        (e.g. regions/84-auvergne-rhone-alpes.pdf). The text comes from the editable templates in \
        assets/fiche/ (assets/fiche-region/ for a région).
        """)

    @Argument(help: "Département code, INSEE or customs, e.g. 95, 974 or 9D, 2A (see `fiche list`).")
    var departement: String?

    @OptionGroup var regionOption: RegionOption

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
        try regionOption.validate(departement: departement)
        try checkPathOptions([("--output", output), ("--font-dir", fontDir), ("--layout-json", layoutJson)])
    }

    func run() throws {
        try reportingErrors {
            if let departement { try refuseMonaco(customsDepartement(departement, noting: false)) }
            let dataset = try dataOptions.loadDataset(detail: figureOptions.detailYears)
            let aggregates = try figureOptions.aggregate(dataset)
            let report = try regionOption.report(departement: departement, from: aggregates)
            let territories = try territoryOptions.load(for: dataset)
            let url = output.map { URL(fileURLWithPath: $0) } ?? defaultFile(of: report)
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
/// for 2A and 2B, says on standard error that the Corse fiche covers both (unless `noting` is false).
func customsDepartement(_ typed: String, noting: Bool = true) -> String {
    let (code, note) = FrenchTerritories.departementCode(typed: typed)
    if let note, noting { printNote(note) }
    return code
}

/// Where `fiche render` writes a fiche by default: output/<year>/974-la-reunion.pdf,
/// output/<year>/regions/84-auvergne-rhone-alpes.pdf.
func defaultFile(of report: DepartementReport) -> URL {
    if let subject = report.regionSubject {
        return FicheFiles.defaultRegionDirectory(year: report.year)
            .appendingPathComponent(FicheFiles.fileName(code: subject.code, name: subject.name))
    }
    return FicheFiles.defaultDirectory(year: report.year).appendingPathComponent(report.departement.ficheFileName)
}

/// `--region`: the région fiche instead of a département's, shared by `render` and `inspect`.
struct RegionOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A région's fiche instead: INSEE code or name (84, bretagne, \"Île-de-France\"); Corse (94) and each overseas région (01…06) give their territory's fiche.",
        valueName: "région"))
    var region: String?

    /// Exactly one of a département and a région.
    func validate(departement: String?) throws {
        if departement != nil && region != nil { throw ValidationError("give a département or --region, not both") }
        if departement == nil && region == nil {
            throw ValidationError("give a département code (e.g. 95, 974, 2A) or --region (e.g. 84, bretagne); see `fiche list`")
        }
    }

    /// The report of the département's fiche, or of the région's.
    func report(departement: String?, from aggregates: TradeAggregates) throws -> DepartementReport {
        if let departement { return try aggregates.report(for: customsDepartement(departement)) }
        let geography = aggregates.dataset.geography
        guard let typed = region, let (found, note) = FrenchTerritories.region(typed: typed, in: geography) else {
            throw ValidationError("unknown région '\(region ?? "")'; known: \(FrenchTerritories.regionChoices(in: geography))")
        }
        if let note { printNote("note: " + note) }
        return try aggregates.regionReport(for: found)
    }
}

/// Monaco (customs code 99) is counted in France's totals but is no French département: it has
/// no fiche, as `fiche list` says and `fiche bulk` does.
func refuseMonaco(_ code: String) throws {
    if code == "99" {
        throw ValidationError("Monaco (99) has no fiche: it is not a French département (its trade is counted in France's totals only)")
    }
}
