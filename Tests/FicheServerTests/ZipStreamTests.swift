import Foundation
@testable import TestScratch
import Testing
import ZIPFoundation
@testable import FicheServer

struct ZipStreamTests {
    /// Bytes that are not text, the same on every run.
    static func sampleBytes(count: Int, seed: UInt64) -> Data {
        var state = seed
        return Data((0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        })
    }

    static let entries: [(name: String, data: Data)] = [
        ("95-val-d-oise.pdf", sampleBytes(count: 70_000, seed: 95)),
        ("2B-haute-corse-é.pdf", sampleBytes(count: 1, seed: 20)),
        ("vide.txt", Data()),
        ("manifest.json", Data("{\"fiches\": []}\n".utf8)),
    ]

    /// The archive as a client receives it: every entry, then the end.
    static func streamed() -> (bytes: Data, announcedLength: Int) {
        var stream = ZipStream(year: 2025)
        var bytes = Data()
        for entry in entries { bytes += stream.entry(named: entry.name, data: entry.data) }
        bytes += stream.end()
        return (bytes, stream.length)
    }

    @Test func lengthIsTheBytesOfTheWholeArchive() {
        let (bytes, length) = Self.streamed()
        #expect(bytes.count == length)
    }

    @Test func zipFoundationReadsEveryEntryIntact() throws {
        let url = Scratch.file("stream.zip")
        try Self.streamed().bytes.write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        let names = archive.map(\.path)
        #expect(names == Self.entries.map(\.name))
        for expected in Self.entries {
            let entry = try #require(archive[expected.name])
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            #expect(data == expected.data, "\(expected.name)")
            #expect(entry.type == .file)
        }
    }

    @Test func unzipTestsTheArchiveWithoutError() throws {
        let unzip = URL(fileURLWithPath: "/usr/bin/unzip")
        try #require(FileManager.default.isExecutableFile(atPath: unzip.path), "unzip is part of the build dependencies")
        let url = Scratch.file("stream-unzip.zip")
        try Self.streamed().bytes.write(to: url)
        let process = Process()
        process.executableURL = unzip
        process.arguments = ["-tq", url.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func entriesAreDatedFirstJanuaryOfTheGivenYear() throws {
        let url = Scratch.file("stream-date.zip")
        try Self.streamed().bytes.write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        let entry = try #require(archive[Self.entries[0].name])
        let date = try #require(entry.fileAttributes[.modificationDate] as? Date)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        #expect(parts.year == 2025 && parts.month == 1 && parts.day == 1)
    }
}
