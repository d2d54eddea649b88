import Foundation
@testable import PDFFinishing
import Testing

/// PDF/A reads a carriage return before `endstream` as part of the end-of-line marker: a
/// stream whose data ends with one would be one byte short of its /Length.
@Suite struct StreamEndTests {
    /// A one-page PDF whose page content ends with a carriage return.
    static func pdf(content: String) -> Data {
        var body = "%PDF-1.5\n"
        var offsets: [Int] = []
        func add(_ object: String) {
            offsets.append(body.utf8.count)
            body += "\(offsets.count) 0 obj\n\(object)\nendobj\n"
        }
        add("<< /Type /Catalog /Pages 2 0 R >>")
        add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>")
        add("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        let xref = body.utf8.count
        body += "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { body += String(format: "%010d 00000 n \n", offset) }
        body += "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(body.utf8)
    }

    @Test func aStreamEndingWithACarriageReturnGetsAnOuterHexEncoding() throws {
        let document = try QPDFDocument(Self.pdf(content: "0 0 10 10 re f\r"))
        let written = String(decoding: try document.write(), as: UTF8.self)
        #expect(written.contains("/ASCIIHexDecode"))
        #expect(!written.contains("\r\nendstream"))
        // The page still holds the same drawing once decoded.
        let again = try QPDFDocument(Data(written.utf8))
        #expect(try again.pages[0].pageContentData() == Data("0 0 10 10 re f\r".utf8))
    }

    @Test func otherStreamsAreLeftAsTheyAre() throws {
        let document = try QPDFDocument(Self.pdf(content: "0 0 10 10 re f"))
        let written = String(decoding: try document.write(), as: UTF8.self)
        #expect(!written.contains("/ASCIIHexDecode"))
        #expect(written.contains("0 0 10 10 re f"))
    }

    @Test func compressedStreamsInflateBackToTheirData() throws {
        let text = Data(String(repeating: "Territoires d’industrie ", count: 200).utf8)
        let document = try QPDFDocument(Self.pdf(content: "q Q"))
        let stream = document.stream(text)
        #expect(try stream.streamData() == text)
        #expect(try stream.rawStreamData().count < text.count / 4)
    }
}
