import Fiche
import Foundation
import Testing
import TradeData

/// The same report gives the same PDF bytes whatever renderer draws it, whatever that
/// renderer drew before, and whatever other renderers do at the same time.
@Suite(.serialized) struct RenderDeterminismTests {
    static func render(_ renderer: FicheRenderer, in dir: URL, name: String) throws -> Data {
        let url = dir.appendingPathComponent(name)
        _ = try renderer.render(Fixtures.report, territories: Fixtures.territories, to: url)
        return try Data(contentsOf: url)
    }

    @Test func aSecondRendererDrawsTheSameBytesAsTheFirst() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-determinism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try FicheRenderer(options: FicheOptions())
        let a = try Self.render(first, in: dir, name: "a.pdf")
        let again = try Self.render(first, in: dir, name: "a2.pdf")
        #expect(a == again, "the same renderer drew different bytes the second time")
        let second = try FicheRenderer(options: FicheOptions())
        let b = try Self.render(second, in: dir, name: "b.pdf")
        #expect(a == b, "a second renderer drew different bytes")
        // A renderer made on another thread, drawing while the first one draws.
        final class Box: @unchecked Sendable { var data: Data?; var error: Error? }
        let box = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            do { box.data = try Self.render(try FicheRenderer(options: FicheOptions()), in: dir, name: "c.pdf") } catch { box.error = error }
        }
        let d = try Self.render(first, in: dir, name: "d.pdf")
        group.wait()
        #expect(box.error == nil)
        #expect(box.data == a, "a renderer made on another thread drew different bytes")
        #expect(d == a)
    }
}
