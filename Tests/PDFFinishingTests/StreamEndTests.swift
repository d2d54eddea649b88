import Foundation
@testable import PDFFinishing
import Testing

/// PDF/A reads a carriage return before `endstream` as part of the end-of-line marker: a
/// stream whose data ends with one would be one byte short of its /Length.
@Suite struct StreamEndTests {
    /// A one-page PDF whose page content ends with a carriage return.
    /// `extraObjects` are numbered from 5 on.
    static func pdf(content: String, catalogEntries: String = "", extraObjects: [String] = []) -> Data {
        var body = "%PDF-1.5\n"
        var offsets: [Int] = []
        func add(_ object: String) {
            offsets.append(body.utf8.count)
            body += "\(offsets.count) 0 obj\n\(object)\nendobj\n"
        }
        add("<< /Type /Catalog /Pages 2 0 R\(catalogEntries) >>")
        add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>")
        add("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        extraObjects.forEach(add)
        let xref = body.utf8.count
        body += "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { body += String(format: "%010d 00000 n \n", offset) }
        body += "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(body.utf8)
    }

    /// `data` as zlib writes it at level 0: one stored block, then the Adler-32 checksum.
    static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        precondition(data.count < 65_536)
        let length = UInt16(data.count)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        let adler = b << 16 | a
        return [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + data + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    }

    @Test func aStreamEndingWithACarriageReturnGetsAnOuterHexEncoding() throws {
        let file = try PDFRewriter(Array(Self.pdf(content: "0 0 10 10 re f\r")))
        let written = try file.write(root: file.trailer["Root"], info: .null)
        let text = String(decoding: written, as: UTF8.self)
        #expect(text.contains("/ASCIIHexDecode"))
        #expect(!text.contains("\r\nendstream"))
        // The page still holds the same drawing once decoded.
        let again = try PDFRewriter(Array(written))
        #expect(Array(try again.streamData(4).dictionary["Filter"].array ?? []) == [.name("ASCIIHexDecode")])
        let hex = again.bytes[try again.streamData(4).range]
        #expect(String(decoding: hex, as: UTF8.self) == "3020302031302031302072652066" + "0D>")
    }

    @Test func otherStreamsAreLeftAsTheyAre() throws {
        let original = Self.pdf(content: "0 0 10 10 re f")
        let file = try PDFRewriter(Array(original))
        let written = try file.write(root: file.trailer["Root"], info: .null)
        let text = String(decoding: written, as: UTF8.self)
        #expect(!text.contains("/ASCIIHexDecode"))
        #expect(written.prefix(original.count - 200) == original.prefix(original.count - 200), "objects copied byte for byte")
    }

    @Test func compressedStreamsInflateBackToTheirData() throws {
        let text = Array(String(repeating: "Territoires d’industrie ", count: 200).utf8)
        let coder = DeflateCoder()
        let compressed = coder.compress(text)
        #expect(compressed.count < text.count / 4)
        #expect(try compressed.withUnsafeBytes { try coder.decompress($0) } == text)
    }

    @Test func aCorruptCompressedStreamIsAnErrorNotACrash() {
        let coder = DeflateCoder()
        #expect(throws: PDFFinishingError.self) { try [UInt8](repeating: 7, count: 64).withUnsafeBytes { try coder.decompress($0) } }
    }
}
