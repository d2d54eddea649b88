import Foundation
@testable import ProjectFiles
import Testing

/// The shared atomic writer replaces only regular files: never a device, a symbolic link,
/// a folder or a FIFO that happens to sit at the target path.
@Suite struct AtomicWriteTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writeAtomicallyReplacesARegularFileOrCreatesOne() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("a.txt")
        try AtomicFile.write(Data("one".utf8), to: target)
        try AtomicFile.write(Data("two".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.txt"])
    }

    @Test func writeAtomicallyRefusesToReplaceASymbolicLinkAndLeavesItsTargetAlone() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let precious = dir.appendingPathComponent("precious.txt")
        try Data("keep".utf8).write(to: precious)
        let link = dir.appendingPathComponent("link.pdf")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: precious)
        var bodyRan = false
        #expect(throws: OutputTargetError.notARegularFile(path: link.path, kind: "a symbolic link")) {
            try AtomicFile.write(to: link) { url in bodyRan = true; try Data("new".utf8).write(to: url) }
        }
        #expect(!bodyRan)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == precious.path)
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep")
    }

    @Test func writeAtomicallyRefusesToReplaceAFolderOrAFIFO() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("out.pdf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        #expect(throws: OutputTargetError.notARegularFile(path: folder.path, kind: "a folder")) {
            try AtomicFile.write(Data("x".utf8), to: folder)
        }
        let fifo = dir.appendingPathComponent("pipe.zip")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: OutputTargetError.notARegularFile(path: fifo.path, kind: "a named pipe (FIFO)")) {
            try AtomicFile.write(Data("x".utf8), to: fifo)
        }
        // Nothing was left beside them.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["out.pdf", "pipe.zip"])
    }

    @Test func aCharacterDeviceIsNeverReplaced() throws {
        // Checked without writing: the rule itself, on the real device.
        #expect(throws: OutputTargetError.notARegularFile(path: "/dev/null", kind: "a character device")) {
            try OutputTarget.checkReplaceable("/dev/null")
        }
    }

    @Test func aLinkAppearingWhileTheBodyWritesIsNotReplacedEither() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("late.pdf")
        let other = dir.appendingPathComponent("other.txt")
        try Data("other".utf8).write(to: other)
        #expect(throws: OutputTargetError.self) {
            try AtomicFile.write(to: target) { url in
                try Data("new".utf8).write(to: url)
                try FileManager.default.createSymbolicLink(at: target, withDestinationURL: other)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["late.pdf", "other.txt"])
    }
}
