import ArgumentParser
import FicheCommandLine
import ProjectFiles
import Canvas

/// The `fiche` command: customs data in, "Territoires d'industrie" foreign-trade fiches out.
@main
struct FicheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fiche",
        abstract: "Fiches « Territoires d'industrie » : commerce extérieur par département (données des douanes).",
        discussion: """
        Reads the DGDDI departmental trade files (or, without --data, a synthetic demo year) \
        and produces, for each département, the figures and the print-ready PDF fiche.

        Start with `fiche render 95` (the Val-d'Oise fiche on the demo year, into output/2024/), \
        `fiche inspect 95` (its figures), `fiche list` (the codes) and `fiche bulk` (every fiche).
        """,
        version: ToolInfo.version,
        subcommands: [
            InspectCommand.self,
            RenderCommand.self,
            ChartsCommand.self,
            ListCommand.self,
            BulkCommand.self,
            DemoDataCommand.self,
            MailCommand.self,
            ServeCommand.self,
        ]
    )

    /// cairo's process-wide switch is set before anything else runs (see `PDFDocument`).
    static func main() async {
        PDFDocument.leaveStreamsUncompressed()
        StandardOutput.failLoudlyAtExit()
        await main(nil)
    }
}
