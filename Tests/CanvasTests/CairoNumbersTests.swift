import CCairoNumbers
import Foundation
import Testing
@testable import Canvas

/// cairo's numbers are written by `Sources/CCairoNumbers` instead of glibc's printf: byte for
/// byte what glibc writes, for every format cairo uses, and only for cairo's calls.
@Suite struct CairoNumbersTests {
    /// What glibc's snprintf writes.
    func glibc(_ format: String, _ arguments: [CVarArg]) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(cString: buffer)
    }

    /// What the fast path writes, nil when it leaves the format or value to glibc.
    func fast(_ format: String, _ arguments: [CVarArg], size: Int = 512) -> (text: String, length: Int32)? {
        var buffer = [CChar](repeating: 0x55, count: max(size, 1))
        let length = withVaList(arguments) { cairo_numbers_vformat(&buffer, size, format, $0) }
        guard length >= 0 else { return nil }
        return (size > 0 ? String(cString: buffer) : "", length)
    }

    /// Doubles of every magnitude cairo may write, and the cases that break naive formatters.
    func testValues() -> [Double] {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.1, -0.1, 0.5, 1.5, 2.5, 0.125, 0.375, 1e-7, 5e-7, 2.5e-7, 0.0000005,
                                0.0000015, 999_999.9999995, 123.4565, 0.05, 0.099_999_999, 1e-20, 1e-300,
                                Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, 4_503_599_627_370_496.5,
                                9_007_199_254_740_993, 9_223_372_036_854_774_784, 595.28, 841.89, 1 / 3, -2 / 3]
        for _ in 0..<60_000 {
            // A random mantissa at a random binary exponent, from 2^-80 to 2^62, either sign.
            let exponent = Int.random(in: -80...62, using: &generator)
            let mantissa = Double(UInt64.random(in: 1 << 52..<1 << 53, using: &generator)) / Double(1 << 52)
            values.append((Bool.random(using: &generator) ? 1 : -1) * mantissa * pow(2, Double(exponent)))
            // Coordinates as a layout makes them: a few decimals, often exact halves of the last digit.
            values.append(Double(Int.random(in: -2_000_000_000...2_000_000_000, using: &generator)) / 2_000_000)
        }
        return values
    }

    @Test func fixedPointNumbersAreWrittenAsGlibcWritesThem() {
        var compared = 0
        for value in testValues() {
            for (format, arguments) in [("%f", [value]), ("%.18f", [value]), ("%.*f", [Int32(3), value]),
                                        ("%.*f", [Int32(11), value]), ("%.*f", [Int32(17), value]), ("%.0f", [value])] as [(String, [CVarArg])] {
                guard let written = fast(format, arguments) else {
                    Issue.record("\(format) of \(value) left to glibc")
                    continue
                }
                let expected = glibc(format, arguments)
                if written.text != expected || Int(written.length) != expected.utf8.count {
                    Issue.record("\(format) of \(value): \(written.text), glibc \(expected)")
                    return
                }
                compared += 1
            }
        }
        #expect(compared > 700_000)
    }

    @Test func integersAreWrittenAsGlibcWritesThem() {
        let cases: [(String, [CVarArg])] = [
            ("%d", [Int32(0)]), ("%d", [Int32.max]), ("%d", [Int32.min]), ("%d", [Int32(-42)]), ("%u", [UInt32.max]),
            ("%x", [UInt32(0xBEEF)]), ("%X", [UInt32(0xBEEF)]), ("%02x", [UInt32(7)]), ("%02x", [UInt32(0x1234)]),
            ("%04x", [UInt32(0x2A)]), ("%0*x", [Int32(4), UInt32(0x2A)]), ("%0*x", [Int32(2), UInt32(0xFFFF)]),
            ("%05d", [Int32(-42)]), ("%5d", [Int32(-42)]), ("%ld", [Int.min]), ("%ld", [Int.max]), ("%lu", [UInt.max]),
            ("%lld", [Int64.min]), ("%llu", [UInt64.max]), ("%lx", [UInt.max]), ("%*d", [Int32(6), Int32(12)]),
        ]
        for (format, arguments) in cases {
            let written = fast(format, arguments)
            #expect(written?.text == glibc(format, arguments), "\(format)")
        }
    }

    @Test func otherFormatsAndValuesAreLeftToGlibc() {
        let left: [(String, [CVarArg])] = [
            ("%s", ["texte"]), ("%e", [1.5]), ("%g", [1.5]), ("%5.2f", [1.5]), ("%-5d", [Int32(3)]), ("%o", [UInt32(8)]),
            ("%d %d", [Int32(1), Int32(2)]), ("x%d", [Int32(1)]), ("%f", [Double.nan]), ("%f", [Double.infinity]),
            ("%f", [9_223_372_036_854_775_808.0]), ("%.19f", [0.5]), ("%.*f", [Int32(-1), 0.5]), ("%.*f", [Int32(19), 0.5]),
            ("%0*x", [Int32(-3), UInt32(1)]), ("%lf", [1.5]),
        ]
        for (format, arguments) in left {
            #expect(fast(format, arguments) == nil, "\(format)")
        }
    }

    @Test func aShortBufferIsCutAsSnprintfCutsIt() throws {
        let cut = try #require(fast("%f", [1234.5], size: 5))
        #expect(cut.text == "1234" && cut.length == 11)
        let none = try #require(fast("%d", [Int32(12345)], size: 0))
        #expect(none.length == 5)
    }

    @Test func cairoWritesItsNumbersWithoutPrintf() throws {
        let engine = TextEngine(fonts: try FontLibrary(directory: fontDirectory))
        let before = PDFDocument.numbersWrittenWithoutPrintf
        let doc = try PDFDocument(text: engine)
        try doc.page { g in
            g.move(to: CanvasPoint(10.25, 20.5))
            g.curve(to: CanvasPoint(100.125, 200), control1: CanvasPoint(30, 40.75), control2: CanvasPoint(0.05, 0))
            g.fill(Color(red: 0.2, green: 0.4, blue: 0.6))
        }
        let bytes = try doc.finish()
        #expect(PDFDocument.numbersWrittenWithoutPrintf - before >= 10)
        // The path as cairo writes it: trimmed of trailing zeros, 0.05 as cairo's 24.8 fixed point keeps it.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("0.2 0.4 0.6 rg") && text.contains("10.25 20.5 m 30 40.75 0.051 0 100.125 200 c f"))
    }

    /// cairo's zlib streams (its font programs) are opened at level 0 while the finishing step
    /// compresses the PDFs; zlib's other callers keep their level.
    @Test func cairoFontProgramsAreLeftStoredForTheFinishingStep() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        let style = TextStyle(font: try fonts.font(family: "Inter"), size: 12)
        let before = cairo_numbers_stored_streams()
        let doc = try PDFDocument(text: engine)
        try doc.page { g in
            _ = g.draw("Échanges extérieurs", style: style, at: CanvasPoint(20, 40))
        }
        let bytes = try doc.finish()
        #expect(cairo_numbers_stored_streams() > before)
        // Each compressed stream cairo wrote begins with a stored block (BTYPE 00).
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("/FlateDecode"))
        let marker = Array("/FlateDecode".utf8), keyword = Array(">>\nstream\n".utf8)
        var checked = 0
        for i in bytes.indices.dropLast(marker.count) where bytes[i..<i + marker.count].elementsEqual(marker) {
            guard let start = bytes[i...].indices.first(where: { bytes[$0...].starts(with: keyword) }) else { continue }
            let data = start + keyword.count
            #expect(bytes[data] & 0x0F == 8 && (bytes[data + 2] >> 1) & 3 == 0, "stored zlib stream")
            checked += 1
        }
        #expect(checked >= 1)
    }
}
