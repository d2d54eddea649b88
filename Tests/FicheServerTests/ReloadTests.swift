@testable import Fiche
import Foundation
import Synchronization
import ProjectFiles
import ZIPFoundation
@testable import TestScratch
import Testing
@testable import TradeData
@testable import FicheServer

/// A server on its own data folder, whose files the tests rewrite, then scan by hand.
struct ReloadFixture {
    let folder: URL
    let file: URL
    /// The Territoires d'industrie file beside the data, when asked for.
    let territoriesFile: URL?
    let server: FicheServer
    var store: DataStore { server.store }

    /// `load`: what the server's loader does around the plain load (e.g. touch a file meanwhile).
    init(options: FicheOptions = FicheOptions(), territories: Bool = false, settleTime: Duration = .zero,
         around: @escaping @Sendable (_ load: () throws -> LoadedData) throws -> LoadedData = { try $0() }) throws {
        folder = Scratch.directory("reload")
        let file = folder.appendingPathComponent("trade.txt")
        self.file = file
        try Self.write(Self.text(scale: 1), to: file)
        let territoriesFile = territories ? folder.appendingPathComponent("territoires-industrie.csv") : nil
        self.territoriesFile = territoriesFile
        if let territoriesFile { try Self.write(Self.territoriesText, to: territoriesFile) }
        var configuration = ServeConfiguration(
            host: "127.0.0.1", port: 0, watchedFiles: [file, folder], ficheOptions: options, renderWorkers: 1,
            toolVersion: "test-version",
            load: {
                try around {
                    let dataset = try TradeDataset.load(paths: [file], fingerprinted: true)
                    return LoadedData(aggregates: try TradeAggregates(dataset: dataset, year: 2024),
                                      territories: try territoriesFile.map(IndustryTerritories.load(from:)), territoriesFile: territoriesFile)
                }
            })
        // Most tests scan right after each write: no settling time (it has its own test).
        configuration.settleTime = settleTime
        server = try FicheServer(configuration)
    }

    /// Two territories, one across Val-d'Oise and Hauts-de-Seine.
    static let territoriesText = """
        insee_com;lib_com;id_ti;lib_ti
        95018;Argenteuil;TI-BNS;Boucle Nord de Seine
        92036;Gennevilliers;TI-BNS;Boucle Nord de Seine
        13039;Fos-sur-Mer;TI-FOS;Fos-Étang de Berre

        """

    /// The year's lines for Val-d'Oise, Paris and Bouches-du-Rhône, every amount times `scale`.
    static func text(scale: Int) -> String {
        var lines: [String] = []
        for flow in ["E", "I"] {
            for quarter in 1...4 {
                for (index, departement) in ["95", "75", "13"].enumerated() {
                    lines.append("\(flow);\(quarter);2024;\(departement);03;C30Z;3030;DE;\(1_000_000 * scale * quarter * (index + 1));1")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rewrites the file in place (same inode, as `cp new old` does). The tests' versions differ
    /// in size (scales 1, 10, 100…): two writes within one tick of the file clock may share a time.
    static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }

    static func write(_ bytes: Data, to url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forUpdating: url)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: bytes)
        try handle.close()
    }

    /// Val-d'Oise's exports in the snapshot being served.
    var exports95: Int64? { store.snapshot.departement("95")?.exportsEUR }
}

@Suite(.serialized) struct ReloadTests {
    @Test func aChangedFileIsServedAfterTheNextScanOnly() throws {
        let fixture = try ReloadFixture()
        let before = try #require(fixture.exports95)
        try ReloadFixture.write(ReloadFixture.text(scale: 10), to: fixture.file)
        #expect(fixture.exports95 == before, "requests take the snapshot; only a scan reloads")
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 10)
        #expect(fixture.store.scan() == .unchanged)
    }

    @Test func aFileHeldOpenForWritingIsNotLoadedUntilClosed() throws {
        let fixture = try ReloadFixture()
        let before = try #require(fixture.exports95)
        // A stalled copy: half the new file written, the writer still holding it open.
        let full = Data(ReloadFixture.text(scale: 10).utf8)
        let writer = try FileHandle(forUpdating: fixture.file)
        try writer.truncate(atOffset: 0)
        try writer.write(contentsOf: full.prefix(full.count / 2))
        #expect(OpenForWriting.isOpenForWriting(fixture.file.path))
        #expect(OpenForWriting.openForWritingInProc(fixture.file.path), "the fallback for files without leases finds it too")
        #expect(fixture.store.scan() == .stillBeingWritten)
        #expect(fixture.store.scan() == .stillBeingWritten, "tried again at every scan")
        #expect(fixture.exports95 == before)
        try writer.write(contentsOf: full.suffix(from: full.count / 2))
        try writer.close()
        #expect(!OpenForWriting.isOpenForWriting(fixture.file.path))
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 10)
    }

    @Test func aFileCutInsideItsLastFieldIsNeverServed() throws {
        let fixture = try ReloadFixture()
        let before = try #require(fixture.exports95)
        let full = ReloadFixture.text(scale: 10)
        // `…;87` for `…;8784`: every line still valid, the last figure wrong.
        try ReloadFixture.write(String(full.dropLast(3)), to: fixture.file)
        #expect(fixture.store.scan() == .heldBack)
        #expect(fixture.store.scan() == .unchanged, "held back until the file changes")
        #expect(fixture.exports95 == before)
        try ReloadFixture.write(full, to: fixture.file)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 10)
    }

    @Test func aLoadLosingDepartementsOrQuartersIsHeldBackAndSaysWhat() throws {
        let fixture = try ReloadFixture()
        let before = try #require(fixture.exports95)
        // Cut at a line end: a valid file, but Bouches-du-Rhône and Paris lost their imports.
        let full = ReloadFixture.text(scale: 10)
        let lines = full.split(separator: "\n")
        let cut = lines.filter { !$0.hasPrefix("I;") || $0.contains(";95;") }.joined(separator: "\n") + "\n"
        try ReloadFixture.write(cut, to: fixture.file)
        let served = fixture.store.snapshot
        #expect(fixture.store.scan() == .heldBack)
        #expect(fixture.exports95 == before)
        // What the log names: the flow, the départements, the file.
        let lost = try served.coverageLost(in: Self.snapshot(of: cut, in: fixture))
        #expect(lost == ["imports of 2 départements (13, 75) (\(fixture.file.path))"])
        let lostQuarter = try served.coverageLost(in: Self.snapshot(of: lines.filter { !$0.hasPrefix("E;4;") }.joined(separator: "\n") + "\n",
                                                                    in: fixture))
        #expect(lostQuarter == ["exports of Q4 2024 (\(fixture.file.path))"])
        try ReloadFixture.write(full, to: fixture.file)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 10)
    }

    /// The stale figures: the copy completed while the failed load ran, and the server,
    /// recording the files' state after the failure, never tried again.
    @Test func aFileCompletedDuringAFailedLoadIsLoadedAtTheNextScan() throws {
        let calls = Mutex(0)
        let folder = Mutex<URL?>(nil)
        let fixture = try ReloadFixture(around: { load in
            let call = calls.withLock { $0 += 1; return $0 }
            guard call == 2, let file = folder.withLock({ $0 }) else { return try load() }
            defer { try? ReloadFixture.write(ReloadFixture.text(scale: 10), to: file) }
            return try load()
        })
        folder.withLock { $0 = fixture.file }
        let before = try #require(fixture.exports95)
        let full = Data(ReloadFixture.text(scale: 10).utf8)
        try ReloadFixture.write(String(decoding: full.prefix(full.count / 2 + 5), as: UTF8.self), to: fixture.file)
        #expect(fixture.store.scan() == .heldBack, "half a line: the load fails, and the copy completes meanwhile")
        #expect(fixture.exports95 == before)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 10)
    }

    @Test func aFileChangingDuringTheLoadIsTriedAgain() throws {
        let calls = Mutex(0)
        let folder = Mutex<URL?>(nil)
        let fixture = try ReloadFixture(around: { load in
            let call = calls.withLock { $0 += 1; return $0 }
            let loaded = try load()
            if call == 2, let file = folder.withLock({ $0 }) { try ReloadFixture.write(ReloadFixture.text(scale: 100), to: file) }
            return loaded
        })
        folder.withLock { $0 = fixture.file }
        let before = try #require(fixture.exports95)
        try ReloadFixture.write(ReloadFixture.text(scale: 10), to: fixture.file)
        #expect(fixture.store.scan() == .stillBeingWritten)
        #expect(fixture.exports95 == before)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 100)
    }

    @Test func aFolderOfManyOtherFilesIsScannedByTheFilesALoadReads() throws {
        let folder = Scratch.directory("many")
        for index in 0..<300 { _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("note-\(index).pdf").path, contents: nil) }
        for name in ["trade.txt", "Libelle_PAYS.txt", "archive.ZIP", ".complete", "Territoires_Industrie_2024.csv"] {
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
        }
        let signature = FileSignature.of([folder])
        #expect(signature.paths.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted()
                == [".complete", "Libelle_PAYS.txt", "Territoires_Industrie_2024.csv", "archive.ZIP", "trade.txt"])
    }

    /// A snapshot of `text` as the trade file (the fixture's file is rewritten with it).
    static func snapshot(of text: String, in fixture: ReloadFixture) throws -> DataSnapshot {
        try ReloadFixture.write(text, to: fixture.file)
        let dataset = try TradeDataset.load(paths: [fixture.file])
        let data = LoadedData(aggregates: try TradeAggregates(dataset: dataset, year: 2024), territories: nil, territoriesFile: nil)
        let empty = FileSignature(entries: [], paths: [], newestChange: 0)
        return DataSnapshot(generation: 0, data: data, inputs: fixture.store.snapshot.inputs, signature: empty, rendererSignature: empty)
    }
}

/// The renderer's files (templates, fonts) are watched like the data: served fiches stay
/// `fiche render`'s with the files of now.
@Suite(.serialized) struct RendererReloadTests {
    /// A copy of the project's assets and fonts, which the test may edit.
    static func editableOptions() throws -> FicheOptions {
        let root = Scratch.directory("renderer")
        let assets = root.appendingPathComponent("assets"), fonts = root.appendingPathComponent("fonts")
        let projectAssets = try ProjectFolder.assets()
        try FileManager.default.copyItem(at: projectAssets, to: assets)
        try FileManager.default.copyItem(at: ProjectFolder.fonts(besideAssets: projectAssets), to: fonts)
        return FicheOptions(fontDirectory: fonts, assetsDirectory: assets)
    }

    static func pdf(_ fixture: ReloadFixture) async throws -> Data {
        try await InProcessClient(router: fixture.server.makeRouter()).run { client in
            let response = try await client.execute(uri: "/fiches/95.pdf", method: .get)
            #expect(response.status == .ok)
            return Data(buffer: response.body)
        }
    }

    /// `font` with every advance width of its `hmtx` table wider by `extra` units: still a valid
    /// font, which lays text out differently.
    static func widened(_ font: Data, by extra: Int) throws -> Data {
        var bytes = [UInt8](font)
        func u16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        var offsets: [String: Int] = [:]
        for table in 0..<u16(4) {
            let record = 12 + 16 * table
            offsets[String(decoding: bytes[record..<(record + 4)], as: UTF8.self)] = u16(record + 8) << 16 | u16(record + 10)
        }
        guard let hhea = offsets["hhea"], let hmtx = offsets["hmtx"] else { throw CocoaError(.fileReadCorruptFile) }
        for metric in 0..<u16(hhea + 34) {
            let at = hmtx + 4 * metric, width = u16(at) + extra
            bytes[at] = UInt8(width >> 8)
            bytes[at + 1] = UInt8(width & 0xFF)
        }
        return Data(bytes)
    }

    /// What `fiche render 95` writes with the files as they are now.
    static func rendered(_ fixture: ReloadFixture, _ options: FicheOptions) throws -> Data {
        try FicheRenderer(options: options).renderPDF(fixture.store.snapshot.aggregates.report(for: "95"), territories: nil).0
    }

    @Test func aTemplateEditedInPlaceIsServedAsFicheRenderWithIt() async throws {
        let options = try Self.editableOptions()
        let fixture = try ReloadFixture(options: options)
        let before = try await Self.pdf(fixture)
        let page = try #require(options.assetsDirectory).appendingPathComponent("fiche/page-1.mustache")
        let template = try String(contentsOf: page, encoding: .utf8)
        try ReloadFixture.write(template.replacingOccurrences(of: "## Introduction", with: "## Présentation"), to: page)
        #expect(fixture.store.scan() == .reloaded)
        let after = try await Self.pdf(fixture)
        #expect(after != before)
        #expect(after == (try Self.rendered(fixture, options)))
    }

    @Test func aFontReplacedIsServedAsFicheRenderWithIt() async throws {
        let options = try Self.editableOptions()
        let fixture = try ReloadFixture(options: options)
        let before = try await Self.pdf(fixture)
        let fonts = try #require(options.fontDirectory)
        // A new version of the regular face, copied over the old one: wider advances.
        let regular = fonts.appendingPathComponent("Inter-Regular.otf")
        try ReloadFixture.write(Self.widened(try Data(contentsOf: regular), by: 40), to: regular)
        #expect(fixture.store.scan() == .reloaded)
        let after = try await Self.pdf(fixture)
        #expect(after != before)
        #expect(after == (try Self.rendered(fixture, options)))
    }
}

/// The data's SHA-256 computed from the bytes parsed is the one of the files on disk, as
/// `fiche bulk` writes it (`data_sha256`): trade files, a zip archive whole, reference tables.
@Suite struct FingerprintTests {
    @Test func theFingerprintOfTheBytesParsedIsThatOfTheFiles() throws {
        let folder = Scratch.directory("fingerprint")
        let lines = ReloadFixture.text(scale: 1).split(separator: "\n")
        try ReloadFixture.write(lines.filter { $0.hasPrefix("E;") }.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("exports.txt"))
        let imports = Data((lines.filter { $0.hasPrefix("I;") }.joined(separator: "\n") + "\n").utf8)
        let archive = try Archive(url: folder.appendingPathComponent("imports.zip"), accessMode: .create)
        try archive.addEntry(with: "imports.txt", type: .file, uncompressedSize: Int64(imports.count), compressionMethod: .deflate) { position, size in
            imports.subdata(in: Int(position)..<Int(position) + size)
        }
        let douane = try ProjectFolder.assets().appendingPathComponent("reference/douane")
        for name in ReferenceTables.publishedFileNames {
            try FileManager.default.copyItem(at: douane.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let parsed = try TradeDataset.load(paths: [folder], fingerprinted: true)
        let onDisk = try TradeDataset.load(paths: [folder])
        #expect(onDisk.contentSHA256 == nil)
        #expect(parsed.names.reference.directory != nil)
        #expect(parsed.contentSHA256 == FicheInputs.sha256(ofDataset: onDisk))
        // The fingerprint is of the version parsed, even once the files have changed.
        let atLoad = FicheInputs.sha256(ofDataset: parsed)
        try ReloadFixture.write(ReloadFixture.text(scale: 10).split(separator: "\n").filter { $0.hasPrefix("E;") }
            .joined(separator: "\n") + "\n", to: folder.appendingPathComponent("exports.txt"))
        #expect(FicheInputs.sha256(ofDataset: parsed) == atLoad)
        #expect(FicheInputs.sha256(ofDataset: onDisk) != atLoad)
    }
}
