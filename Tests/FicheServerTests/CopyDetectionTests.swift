import Foundation
@testable import TestScratch
import Testing
@testable import TradeData
@testable import FicheServer

/// What tells a copy still in progress or a half-written file from a new version, beyond the
/// first round (issue 19's second attack: a server run as another user than the copier, a copy
/// made in steps, `cp -p`, a permission fixed, a Territoires d'industrie file cut).
@Suite(.serialized) struct CopyDetectionTests {
    @Test func aFileWrittenAndNotClosedIsSeenWhoeverTheWriter() throws {
        let folder = Scratch.directory("writes")
        let file = folder.appendingPathComponent("trade.txt")
        try ReloadFixture.write("E;1", to: file)
        let writes = WriteActivity(watching: [file])
        #expect(writes.fileBeingWritten(among: [file.path]) == nil)
        // inotify sees the writes themselves: no lease or /proc access to the writer is needed.
        let writer = try FileHandle(forUpdating: file)
        try writer.truncate(atOffset: 0)
        try writer.write(contentsOf: Data("E;1;2024".utf8))
        #expect(writes.fileBeingWritten(among: [file.path]) == file.path)
        #expect(writes.fileBeingWritten(among: [file.path]) == file.path, "until its writer closes it")
        try writer.close()
        #expect(writes.fileBeingWritten(among: [file.path]) == nil)
    }

    @Test func aCopyMadeInStepsIsLoadedOnlyOnceSettled() throws {
        let fixture = try ReloadFixture(settleTime: .seconds(1))
        let before = try #require(fixture.exports95)
        // `cat a > f` has closed the file; `cat b >> f` has not started yet.
        let full = ReloadFixture.text(scale: 10)
        try ReloadFixture.write(String(full.prefix(full.count / 2)), to: fixture.file)
        #expect(fixture.store.scan() == .stillBeingWritten)
        try ReloadFixture.write(full, to: fixture.file)
        #expect(fixture.store.scan() == .stillBeingWritten)
        #expect(fixture.exports95 == before)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before * 10)
    }

    @Test func aCopyKeepingSizeAndModificationTimeIsStillNoticed() throws {
        let fixture = try ReloadFixture()
        let before = try #require(fixture.exports95)
        let oldTimes = try FileManager.default.attributesOfItem(atPath: fixture.file.path)[.modificationDate] as? Date
        // `cp -p` of a version of the same size: one amount changed, digit for digit.
        let same = ReloadFixture.text(scale: 1).replacingOccurrences(of: ";95;03;C30Z;3030;DE;1000000;", with: ";95;03;C30Z;3030;DE;9000000;")
        #expect(same.utf8.count == ReloadFixture.text(scale: 1).utf8.count)
        try ReloadFixture.write(same, to: fixture.file)
        try FileManager.default.setAttributes([.modificationDate: try #require(oldTimes)], ofItemAtPath: fixture.file.path)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.exports95 == before + 8_000_000)
    }

    @Test func aPermissionFixedChangesTheSignature() throws {
        let folder = Scratch.directory("signature")
        let file = folder.appendingPathComponent("trade.txt")
        try ReloadFixture.write("E;1", to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let unreadable = FileSignature.of([file])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(FileSignature.of([file]) != unreadable, "a load that failed on permissions is tried again once they are fixed")
    }

    @Test func aTerritoriesFileCutInsideItsLastLineOrLosingTerritoriesIsHeldBack() throws {
        let fixture = try ReloadFixture(territories: true)
        let file = try #require(fixture.territoriesFile)
        let full = ReloadFixture.territoriesText
        // Cut inside its last field.
        try ReloadFixture.write(String(full.dropLast(8)), to: file)
        #expect(fixture.store.scan() == .heldBack)
        // Cut at a line end: Val-d'Oise's territory lost.
        try ReloadFixture.write(full.split(separator: "\n").prefix(1).joined(separator: "\n") + "\n", to: file)
        #expect(fixture.store.scan() == .heldBack)
        #expect(fixture.store.snapshot.territoryDepartements.contains("Boucle Nord de Seine 95"), "the served file stays")
        // The whole file again, with one more commune: served.
        try ReloadFixture.write(full + "95176;Eaubonne;TI-BNS;Boucle Nord de Seine\n", to: file)
        #expect(fixture.store.scan() == .reloaded)
        #expect(fixture.store.snapshot.territories?.territories.first { $0.id == "TI-BNS" }?.communesByDepartement["95"] == 2)
    }
}
