import ArgumentParser
import FicheCommandLine
import BulkExport
import Fiche
import Foundation
import ProjectFiles
import Synchronization
import TradeData

/// `fiche bulk`: every département's fiche (or a selection) in one run, on all cores.
struct BulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk",
        abstract: "Render the fiche of every département (or of a selection), and of the régions, in parallel, with a manifest.",
        discussion: """
        The customs files are read and aggregated once; fiches are rendered one per core into \
        DIR/<code>-<slug>.pdf (default output/<year>/; INSEE codes, e.g. 974-la-reunion.pdf), the \
        région fiches (--regions) into DIR/regions/<code>-<slug>.pdf, with DIR/manifest.json and DIR/manifest.csv \
        listing every fiche (file, pages, size, SHA-256, headline figures, status). Each PDF is \
        written to a temporary file and renamed, so an interrupted run leaves only complete fiches; \
        a re-run skips the fiches whose inputs (data, template, fonts, options, tool version) have \
        not changed. Exit status: 0 when every fiche is complete, 1 when some failed, 130 when interrupted.
        """)

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions
    @OptionGroup var territoryOptions: TerritoryOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder (default: output/<year>/).", valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Only these départements, comma-separated, INSEE or customs codes (e.g. 95,78,974,2A).", valueName: "codes"))
    var only: String?

    @Option(name: .long, help: ArgumentHelp("Only the départements of this région: INSEE code or name (11, bretagne), or customs code (see `fiche list`).", valueName: "région"))
    var region: String?

    @Flag(name: .long, help: "Also render the région fiches (every région's, or the --region one's) into regions/.")
    var regions = false

    @Flag(name: .long, help: "With --regions: the région fiches only, not the départements'.")
    var noDepartements = false

    @Option(name: .shortAndLong, help: "Fiches rendered at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Render every fiche, even those that are up to date.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Also pack the fiches and manifests into this zip file.", valueName: "file.zip"))
    var zip: String?

    @Option(name: .long, help: ArgumentHelp("Folder of the font family to use (default: the bundled fonts/).", valueName: "dir"))
    var fontDir: String?

    @Option(name: .long, help: .hidden)
    var assetsDir: String?

    @Flag(name: .long, help: "One plain line per fiche even on a terminal.")
    var plain = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if only != nil && region != nil { throw ValidationError("give --only or --region, not both") }
        if noDepartements && !regions { throw ValidationError("--no-departements goes with --regions") }
        if noDepartements && only != nil { throw ValidationError("--only selects départements: not with --no-departements") }
        try checkPathOptions([("--output", output), ("--zip", zip), ("--font-dir", fontDir), ("--assets-dir", assetsDir)])
        if let only, only.split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw refusal("--only: no département code given; list codes separated by commas, e.g. --only 95,78 (see `fiche list`)")
        }
        if let region, region.trimmingCharacters(in: .whitespaces).isEmpty {
            throw refusal("--region: no région given, e.g. --region 11 or --region bretagne (see `fiche list`)")
        }
    }

    func run() throws {
        try reportingErrors {
            // The data's checksum (for the manifest and up-to-date checks) is computed as the
            // files are read, each by the core that parses it: the files are not read twice.
            let dataset = try dataOptions.loadDataset(fingerprinted: true, detail: figureOptions.detailYears)
            let aggregates = try figureOptions.aggregate(dataset)
            let codes = noDepartements ? [] : try selectedDepartements(dataset.geography)
            let regionCodes = regions ? try selectedRegions(dataset.geography) : []
            let territories = try territoryOptions.load(for: dataset)
            let ficheOptions = FicheOptions(fontDirectory: fontDir.map(URL.init(fileURLWithPath:)),
                                            assetsDirectory: assetsDir.map(URL.init(fileURLWithPath:)))
            let probe = try FicheRenderer(options: ficheOptions)  // fails early on missing fonts or template
            let inputsKey = FicheInputs.key(toolVersion: ToolInfo.version, rendererFiles: probe.inputFiles,
                                            territoriesFile: territoryOptions.resolvedFile(for: dataset))
            let directory = output.map(URL.init(fileURLWithPath:)) ?? FicheFiles.defaultDirectory(year: aggregates.year)
            if let zip { try OutputTarget.checkReplaceable(URL(fileURLWithPath: zip).path) }
            // Names only, as `data_source`: the manifest travels with the fiches (zips, e-mails),
            // not the folders of the machine that made them.
            let generatedFrom = ["fiche bulk", "--year \(aggregates.year)", "--level \(aggregates.level.rawValue)",
                                 fontDir.map { "--font-dir \(URL(fileURLWithPath: $0).lastPathComponent)" },
                                 territoryOptions.resolvedFile(for: dataset).map { "--ti-file \($0.lastPathComponent)" }]
                .compactMap { $0 }.joined(separator: " ")
            let options = BulkOptions(outputDirectory: directory, departements: codes, regions: regionCodes, jobs: jobs, force: force,
                                      inputsKey: inputsKey, generatedFrom: generatedFrom, toolVersion: ToolInfo.version)
            let progress: BulkProgress = (!plain && isatty(STDERR_FILENO) == 1) ? TerminalProgress() : LineProgress()
            // Each worker makes its own renderer on its own thread (cairo and pango objects
            // are never shared); the probe only checked the fonts and template.
            let exporter = BulkExporter(aggregates: aggregates, territories: territories,
                                        dataSHA256: FicheInputs.sha256(ofDataset: dataset), options: options,
                                        progress: progress) { try FicheRenderer(options: ficheOptions) }
            // Ctrl-C or a termination request: finish the fiches in hand, write the manifest, stop.
            let interrupt = InterruptSignals([SIGINT, SIGTERM]) { received in
                if received == 1 { printNote("\ninterrupted: finishing the fiches in hand, then writing the manifest…") }
                exporter.cancel()
            }
            let summary = try exporter.run()
            interrupt.stop()
            if let zip, let manifest = summary.manifest {
                let url = URL(fileURLWithPath: zip)
                try BulkArchive.write(manifest, from: directory, to: url)
                printNote("packed \(manifest.fiches.filter(\.isComplete).count) fiches and the manifests into \(url.path)")
            }
            printNote("fiches and manifest in \(directory.path)/")
            if summary.interrupted { throw ExitCode(130) }
            if !summary.failed.isEmpty { throw ExitCode(1) }
        }
    }

    /// The INSEE codes of the région fiches to render: the --region one, or every région's.
    func selectedRegions(_ geography: Geography) throws -> [String] {
        let all = FrenchTerritories.regionFiches(in: geography)
        guard let region else { return all.map(\.code) }
        // The région's fiche; for the overseas block (outre-mer), its five régions'.
        let found = FrenchTerritories.region(typed: region, in: geography).map { Set($0.region.departementCodes) }
        let inside = all.filter { found != nil && Set($0.region.departementCodes).isSubset(of: found!) }
        guard !inside.isEmpty else {
            throw BulkError.unknownRegion(region, known: [FrenchTerritories.regionChoices(in: geography)])
        }
        return inside.map(\.code)
    }

    /// The codes to render: --only, --region, or every département but Monaco.
    func selectedDepartements(_ geography: Geography) throws -> [String] {
        if let only {
            let typed = only.split(separator: ",").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .map { FrenchTerritories.departementCode(typed: String($0)) }
            // 2A and 2B both give the Corse fiche: its note once.
            if let note = typed.compactMap(\.note).first { printNote(note) }
            let codes = typed.map(\.code)
            let unknown = codes.filter { geography.departement($0) == nil || $0 == "99" }
            guard unknown.isEmpty else { throw BulkError.unknownDepartements(unknown) }
            var seen = Set<String>()
            return codes.filter { seen.insert($0).inserted }
        }
        if let region {
            guard let (found, note) = FrenchTerritories.region(typed: region, in: geography) else {
                throw BulkError.unknownRegion(region, known: [FrenchTerritories.regionChoices(in: geography)])
            }
            if let note { printNote("note: " + note) }
            return found.departementCodes.filter { $0 != "99" }
        }
        return geography.departements.map(\.code).filter { $0 != "99" }
    }
}

/// Says why an option is refused and gives the exit status 1 of the README's refusals (an
/// empty selection is a mistake, not a usage error with its status 64).
func refusal(_ message: String) -> ExitCode {
    printNote("error: " + message)
    return ExitCode(1)
}

/// Each worker's renderer draws fiches for the bulk export.
extension FicheRenderer: FicheProducer {
    package func produceFiche(_ report: DepartementReport, territories: IndustryTerritories?, to url: URL) throws -> Int {
        try render(report, territories: territories, to: url).pageCount
    }
}
