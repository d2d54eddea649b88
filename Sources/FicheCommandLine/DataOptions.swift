import ArgumentParser
import Foundation
import ProjectFiles
import TradeData

/// Where the trade data comes from, shared by every command that reads it.
package struct DataOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp(
        "Customs trade data: a .txt file, a .zip archive or a folder holding them (repeatable). Without it, the synthetic demo year is used.",
        valueName: "path"))
    package var data: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Folder with the customs reference tables (Libelle_PAYS.txt, Departement_region.txt…). Default: beside the trade files, if there.",
        valueName: "dir"))
    package var referenceDir: String?

    @Flag(name: .long, help: "Skip malformed trade lines (counted and reported) instead of stopping at the first one.")
    package var skipBadLines = false

    package func validate() throws {
        try checkPathOptions(data.map { ("--data", $0) } + [("--reference-dir", referenceDir)])
    }

    /// Loads the dataset, or the demo year (generated once into the cache) when no
    /// `--data` is given; says on standard error which one it uses. `fingerprinted`: the
    /// data's SHA-256 is computed from the bytes parsed (see `TradeDataset.load`).
    /// `detail`: the years kept row by row (`FigureOptions.detailYears`); the others as totals.
    package func loadDataset(fingerprinted: Bool = false, detail: DetailYears = .fiche(year: nil)) throws -> TradeDataset {
        let dataset: TradeDataset
        if data.isEmpty {
            let directory = try DemoYear.cachedDirectory()
            printNote("no --data given: using the synthetic demo years \(DemoYear.pastYears.lowerBound)–\(DemoYear.year) (\(directory.path))")
            dataset = try TradeDataset.load(paths: [directory], referenceDirectory: referenceDir.map(URL.init(fileURLWithPath:)),
                                            skipBadLines: skipBadLines, isDemo: true, fingerprinted: fingerprinted, detail: detail)
        } else {
            dataset = try TradeDataset.load(paths: data.map { URL(fileURLWithPath: $0) },
                                            referenceDirectory: referenceDir.map(URL.init(fileURLWithPath:)),
                                            skipBadLines: skipBadLines, fingerprinted: fingerprinted, detail: detail)
        }
        // Read anyway (an edited file may lack its final line end), but said: `fiche serve` refuses it.
        for file in dataset.filesWithoutFinalLineEnd {
            printNote("warning: \(file) does not end with a line end: its last line may be cut (a copy still in progress?)")
        }
        if dataset.skippedCount > 0 {
            printNote("skipped \(dataset.skippedCount) malformed line\(dataset.skippedCount == 1 ? "" : "s") (--skip-bad-lines):")
            for message in dataset.skippedMessages { printNote("  " + message) }
            if dataset.skippedCount > dataset.skippedMessages.count {
                printNote("  … and \(dataset.skippedCount - dataset.skippedMessages.count) more")
            }
        }
        return dataset
    }
}

/// Year and product level of the figures.
package struct FigureOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: "Year of the figures (default: the latest complete year in the data).")
    var year: Int?

    @Option(name: .long, help: "Product level: a129 (activities, default) or cpf4 (products).")
    var level: ProductLevel = .a129

    /// The years a load keeps in detail: the fiche's (`--year`, else the latest complete) and the one before.
    package var detailYears: DetailYears { .fiche(year: year) }

    /// Aggregates the dataset for the chosen (or default) year; warns if incomplete.
    package func aggregate(_ dataset: TradeDataset) throws -> TradeAggregates {
        guard let chosen = year ?? dataset.defaultYear() else {
            throw TradeDataError.yearNotFound(year: year ?? 0, available: [])
        }
        let aggregates = try TradeAggregates(dataset: dataset, year: chosen, level: level)
        if !aggregates.completeYear {
            let present = aggregates.quartersPresent.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key == .exports ? "exports" : "imports"): Q\($0.value.map(String.init).joined(separator: ",Q"))" }
                .joined(separator: "; ")
            printNote("warning: \(chosen) is incomplete (\(present)); figures cover the quarters present only")
        }
        if let gap = aggregates.previousYearGap { printNote("note: " + gap) }
        return aggregates
    }
}

extension ProductLevel: ExpressibleByArgument {}

/// Prints a message for the user on standard error (control characters from data or
/// paths shown escaped). A failure to write there has nowhere to be reported: ignored.
package func printNote(_ message: String) {
    let safe = PrintableText.escapedLines(message)
    try? FileHandle.standardError.write(contentsOf: Data((safe + "\n").utf8))
}

/// Runs a command body, turning errors into a clean message and exit status 1
/// (exit codes and argument errors pass through to ArgumentParser).
package func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printNote("error: \(plainMessage(of: error))")
        throw ExitCode(1)
    }
}

/// An error's message for the user: the tool's own errors say it themselves; Foundation's
/// file errors (which print as `Error Domain=NSCocoaErrorDomain Code=257 …`) become their
/// path and reason in plain words.
func plainMessage(of error: Error) -> String {
    let nsError = error as NSError
    guard nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain || error is POSIXError else {
        return "\(error)"
    }
    let path = nsError.userInfo[NSFilePathErrorKey] as? String ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
    return (path.map { "\($0): " } ?? "") + plainReason(of: error)
}

/// Where the Territoires d'industrie perimeter comes from.
package struct TerritoryOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp(
        "ANCT Territoires d'industrie file (commune-level CSV). Default: the demo file for the demo year, else a *territoires*industrie*.csv beside the trade data, else none.",
        valueName: "file"))
    package var tiFile: String?

    package func validate() throws {
        try checkPathOptions([("--ti-file", tiFile)])
    }

    /// The file that will be read, if any.
    package func resolvedFile(for dataset: TradeDataset) -> URL? {
        if let tiFile { return URL(fileURLWithPath: tiFile) }
        let folders: [URL]
        if dataset.isDemo {
            folders = (try? DemoYear.cachedDirectory()).map { [$0] } ?? []
        } else {
            // The folder holding each trade file (for `archive.zip/entry.txt`, the archive's).
            folders = dataset.sources.map { source in
                var url = URL(fileURLWithPath: source).deletingLastPathComponent()
                var isDirectory: ObjCBool = false
                while !(FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue),
                      url.path != "/" {
                    url.deleteLastPathComponent()
                }
                return url
            }
        }
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.sorted() ?? []
            if let name = names.first(where: { n in
                let l = n.lowercased()
                return l.hasSuffix(".csv") && l.contains("territoires") && l.contains("industrie")
            }) {
                return folder.appendingPathComponent(name)
            }
        }
        return nil
    }

    /// Reads the perimeter, or nil when there is no file (the fiche then says so); tells
    /// the user which file it reads, if any.
    package func load(for dataset: TradeDataset) throws -> IndustryTerritories? {
        guard let url = resolvedFile(for: dataset) else {
            printNote("no Territoires d'industrie file (--ti-file): the cover says the list could not be drawn up")
            return nil
        }
        if tiFile == nil && !dataset.isDemo { printNote("Territoires d'industrie: \(url.path)") }
        return try IndustryTerritories.load(from: url)
    }
}
