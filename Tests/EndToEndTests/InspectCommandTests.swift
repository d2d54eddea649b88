import Foundation
import Testing

/// `fiche inspect` and the data errors, run as a user would run them.
@Suite(.serialized) struct InspectCommandTests {
    @Test func inspectJsonOnTheDemoYearPrintsThePublishedFigures() throws {
        let result = try FicheTool.run(["inspect", "95", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("using the synthetic demo years 2020–2024"))
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let exports = try #require(json["exports"] as? [String: Any])
        let imports = try #require(json["imports"] as? [String: Any])
        #expect(exports["total_eur"] as? Int == 24_188_700_000)
        #expect(exports["share_of_region_pct"] as? Double == 17.1)
        #expect(exports["share_of_france_pct"] as? Double == 4.17)
        #expect(exports["region_total_eur"] as? Int == 141_666_300_000)
        #expect(exports["france_total_eur"] as? Int == 580_354_500_000)
        #expect(imports["total_eur"] as? Int == 25_441_300_000)
        #expect(imports["share_of_region_pct"] as? Double == 13.2)
        #expect(imports["share_of_france_pct"] as? Double == 3.72)
        #expect((json["departement"] as? [String: String])?["name"] == "Val-d'Oise")
        #expect((json["region"] as? [String: String])?["name"] == "Île-de-France")
        #expect(json["complete_year"] as? Bool == true)
        #expect(json["data_source"] as? String == "demo")
        #expect((json["partners"] as? [[String: Any]])?.count == 10)
        let sankey = try #require(json["sankey"] as? [String: [String: Any]])
        let flows = try #require(sankey["exports"]?["flows"] as? [[String: Any]])
        #expect(flows.reduce(0) { $0 + ($1["value_eur"] as! Int) } == 24_188_700_000)
        #expect(flows.filter { $0["highlight"] as? Bool == true }.count == 5)
    }

    @Test func inspectPrintsAReadableTable() throws {
        let result = try FicheTool.run(["inspect", "95"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Val-d'Oise (95) — Île-de-France — 2024"))
        #expect(result.stdout.contains("24188.7"))
        // One line per row: line feeds printed as such, never escaped.
        #expect(!result.stdout.contains("\\u{A}"))
        #expect(result.stdout.split(separator: "\n").first == "Val-d'Oise (95) — Île-de-France — 2024")
        #expect(result.stdout.split(separator: "\n").count > 20)
    }

    @Test func aMalformedLineStopsWithItsPlaceAndANonZeroExit() throws {
        let dir = FicheTool.temporaryDirectory()
        try "E;3;2024;95;03;C21Z;2120;US;406473;1\r\nE;7;2024;95;03;C21Z;2120;US;1;1\r\n"
            .write(to: dir.appendingPathComponent("exports.txt"), atomically: true, encoding: .utf8)
        let result = try FicheTool.run(["inspect", "95", "--data", "exports.txt"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("exports.txt:2: field 2 (trimestre): expected a quarter 1 to 4, found '7'"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func skipBadLinesReportsTheCountAndGoesOn() throws {
        let dir = FicheTool.temporaryDirectory()
        try "E;3;2024;95;03;C21Z;2120;US;406473;1\nE;7;2024;95;03;C21Z;2120;US;1;1\nI;3;2024;95;03;C21Z;2120;US;5;1\n"
            .write(to: dir.appendingPathComponent("t.txt"), atomically: true, encoding: .utf8)
        let result = try FicheTool.run(["inspect", "95", "--data", "t.txt", "--skip-bad-lines", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("skipped 1 malformed line"))
        #expect(result.stderr.contains("2024 is incomplete"))
        #expect(result.stdout.contains("\"complete_year\" : false"))
        #expect(result.stdout.contains("\"skipped_lines\" : 1"))
        #expect(result.stdout.contains("\"statements\" : {"))
        #expect(result.stdout.contains("\"first_client\" : {"))
    }

    @Test func anUnknownDepartementSaysHowToListTheValidCodes() throws {
        let result = try FicheTool.run(["inspect", "96"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown département code '96'; run `fiche list`"))
    }

    @Test func aMissingFileAndAnEmptyFileAreReported() throws {
        let dir = FicheTool.temporaryDirectory()
        let missing = try FicheTool.run(["inspect", "95", "--data", "nope.txt"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.txt: no such file or directory"))
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        let empty = try FicheTool.run(["inspect", "95", "--data", "empty.txt"], in: dir)
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("the file is empty"))
    }

    @Test func listShowsDepartementsByRegion() throws {
        let result = try FicheTool.run(["list"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Île-de-France (03; INSEE 11)"))
        #expect(result.stdout.contains("  95  95     Val-d'Oise"))
        #expect(result.stdout.contains("  21  21     Côte-d'Or"))
        #expect(result.stdout.contains("  9D  974    La Réunion"))
        #expect(result.stdout.contains("  20  2A 2B  Corse"))
    }

    @Test func helpExplainsTheCommands() throws {
        let result = try FicheTool.run(["--help"])
        #expect(result.status == 0)
        for command in ["inspect", "render", "list", "bulk", "demo-data", "mail", "serve"] { #expect(result.stdout.contains(command)) }
        // Benchmarks are `fiche-bench`'s, not the shipped tool's.
        #expect(!result.stdout.contains("bench"))
        let inspect = try FicheTool.run(["inspect", "--help"])
        #expect(inspect.stdout.contains("--data") && inspect.stdout.contains("--skip-bad-lines") && inspect.stdout.contains("--level"))
    }

    /// The shipped tool links neither the benchmarks nor the loopback test servers: none of
    /// their symbols, nor the test SMTP server's script name, is in the executable.
    @Test func theShippedToolHoldsNoBenchmarkOrTestCode() throws {
        let binary = try Data(contentsOf: FicheTool.executable)
        for marker in ["LoopbackSMTPServer", "LoopbackHTTPClient", "smtp-test-server.py", "ChartsBenchmark", "RenderBenchmark", "ServeBenchmark"] {
            #expect(binary.range(of: Data(marker.utf8)) == nil, "\(marker) is linked into fiche")
        }
    }
}
