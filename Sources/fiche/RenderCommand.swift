import ArgumentParser
import Canvas
import Fiche
import Foundation
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

    @Argument(help: "Département code, e.g. 95 (see `fiche list`).")
    var departement: String

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .long, help: ArgumentHelp("The PDF to write (default: output/<year>/<code>-<name>.pdf).", valueName: "file.pdf"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/; Marianne is used when present).", valueName: "dir"))
    var fontDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "Territoires d'industrie file (communes → territories, CSV). Default: the demo one for the demo year, else a *territoires*industrie*.csv beside the trade data.",
        valueName: "file"))
    var tiFile: String?

    func run() throws {
        try reportingErrors {
            let dataset = try dataOptions.loadDataset()
            let report = try figureOptions.aggregate(dataset).report(for: departement)
            let territories = try loadTerritories(isDemo: report.isDemo)
            let url = output.map { URL(fileURLWithPath: $0) }
                ?? FicheFiles.defaultDirectory(year: report.year)
                .appendingPathComponent(FicheFiles.fileName(code: report.departement.code, name: report.departement.name))
            try reportingRenderErrors {
                let renderer = try FicheRenderer(options: FicheOptions(fontDirectory: fontDir.map { URL(fileURLWithPath: $0) }))
                let rendered = try FicheFiles.writeAtomically(to: url) { try renderer.render(report, territories: territories, to: $0) }
                printNote("wrote \(url.path) (\(rendered.pageCount) pages)")
            }
        }
    }

    /// `--ti-file`, else the demo year's file, else a `*territoires*industrie*.csv` beside the data, else none.
    func loadTerritories(isDemo: Bool) throws -> IndustryTerritories? {
        if let tiFile { return try IndustryTerritories.load(from: URL(fileURLWithPath: tiFile)) }
        if isDemo {
            let url = try DemoYear.cachedDirectory().appendingPathComponent(DemoYear.territoriesFileName)
            if FileManager.default.fileExists(atPath: url.path) { return try IndustryTerritories.load(from: url) }
            return nil
        }
        for path in dataOptions.data {
            var isDir: ObjCBool = false
            let url = URL(fileURLWithPath: path)
            let folder = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue ? url : url.deletingLastPathComponent()
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            if let name = names.first(where: {
                let n = $0.lowercased()
                return n.hasSuffix(".csv") && n.contains("territoires") && n.contains("industrie")
            }) {
                printNote("Territoires d'industrie: \(folder.appendingPathComponent(name).path)")
                return try IndustryTerritories.load(from: folder.appendingPathComponent(name))
            }
        }
        printNote("no Territoires d'industrie file (--ti-file): the cover says the list could not be drawn up")
        return nil
    }
}

/// Turns rendering errors (fonts, templates, hyphenation patterns, cairo) into a clean message and exit status 1.
func reportingRenderErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CanvasError {
        printNote("error: \(error)")
        throw ExitCode(1)
    } catch let error as FicheTemplateError {
        printNote("error: \(error)")
        throw ExitCode(1)
    } catch let error as HyphenationError {
        printNote("error: \(error)")
        throw ExitCode(1)
    }
}

/// `fiche bench render`: time to render one fiche from aggregated data, and where it goes.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time rendering one département's fiche from aggregated data (median of N renders after a warm-up).")

    @Argument(help: "Département code (default 95).")
    var departement: String = "95"

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @Option(name: .customLong("repeat"), help: "Timed renders.")
    var repetitions: Int = 20

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/).", valueName: "dir"))
    var fontDir: String?

    func run() throws {
        try reportingErrors {
            let dataset = try dataOptions.loadDataset()
            let report = try figureOptions.aggregate(dataset).report(for: departement)
            let territories = try Self.demoTerritories(isDemo: report.isDemo)
            try reportingRenderErrors {
                let result = try RenderBenchmark.run(report: report, territories: territories, iterations: repetitions,
                                                     options: FicheOptions(fontDirectory: fontDir.map { URL(fileURLWithPath: $0) }))
                print(result.summary)
            }
        }
    }

    /// The demo year's Territoires d'industrie file, if any (no notes printed).
    static func demoTerritories(isDemo: Bool) throws -> IndustryTerritories? {
        guard isDemo else { return nil }
        let url = try DemoYear.cachedDirectory().appendingPathComponent(DemoYear.territoriesFileName)
        return FileManager.default.fileExists(atPath: url.path) ? try IndustryTerritories.load(from: url) : nil
    }
}
