import Foundation
@testable import PDFFinishing
@testable import TestScratch
import Testing

/// The PDF objects the finishing step reads from cairo's file and writes back.
@Suite struct PDFSyntaxTests {
    func parse(_ text: String) throws -> PDFObject {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = PDFParser(buffer)
            return try parser.value()
        }
    }

    @Test func stringsNamesNumbersAndReferencesAreReadAsPDFDefinesThem() throws {
        #expect(try parse("(a\\(b\\)c (nested) \\\\ \\n\\101\\7)") == .string(Array("a(b)c (nested) \\ \nA\u{7}".utf8)))
        #expect(try parse("<48 65 6c6C 6>") == .string([0x48, 0x65, 0x6C, 0x6C, 0x60]))
        #expect(try parse("/A#20B#2Fc") == .name("A B/c"))
        #expect(try parse("12 0 R") == .reference(12, 0))
        #expect(try parse("[12 0 13 0 R -4 .5 +3 true null]") == .array([
            .integer(12), .integer(0), .reference(13, 0), .integer(-4), .real(".5"), .integer(3), .bool(true), .null]))
        let dictionary = try parse("<< /Type /Page /Kids [ 3 0 R ] % a comment\n /Sub << /Empty << >> >> >>").dictionary
        #expect(dictionary?["Type"] == .name("Page"))
        #expect(dictionary?["Kids"] == .array([.reference(3, 0)]))
        #expect(dictionary?["Sub"].dictionary?["Empty"] == .dictionary(PDFDictionary()))
        #expect(dictionary?["Missing"] == .null)
    }

    @Test func whatIsWrittenReadsBackTheSame() throws {
        let object = PDFObject.dictionary(PDFDictionary([
            ("Title", .text("Fiche du Val-d’Oise (95)")), ("Plain", .text("a (b) \\ c")), ("Name", .name("text/csv")),
            ("Numbers", .array([.integer(-7), .real("0.25"), .bool(false), .null, .reference(4, 0)])),
            ("Bytes", .string([0, 0xFF, 0x0D])),
        ]))
        let written = String(decoding: PDFSerializer.bytes(object), as: UTF8.self)
        #expect(try parse(written) == object)
        #expect(written.contains("/Name /text#2Fcsv"))
        #expect(PDFObject.text("Fiche du Val-d’Oise").text == "Fiche du Val-d’Oise")
        #expect(PDFObject.string(Array("Caf\u{E9}".unicodeScalars.map { UInt8($0.value) })).text == "Café", "PDFDocEncoding")
    }

    @Test func malformedObjectsAreErrorsNotCrashes() {
        for bad in ["<< /A 1", "[1 2", "(unterminated", "<4142", "<< 1 2 >>", "endobj", ")", "1.2.3"] {
            #expect(throws: PDFFinishingError.self, "\(bad)") { _ = try parse(bad) }
        }
    }
}

/// The rewriter reads the cross-reference tables cairo and others write, and refuses what it cannot.
@Suite struct PDFRewriterTests {
    @Test func anUpdatedFileIsReadWithItsNewestObjects() throws {
        var pdf = StreamEndTests.pdf(content: "0 0 10 10 re f")
        let update = "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>\nendobj\n"
        let original = String(decoding: pdf, as: UTF8.self)
        let previousXref = original.components(separatedBy: "startxref\n")[1].split(separator: "\n")[0]
        let updateOffset = pdf.count
        pdf += Data(update.utf8)
        let xref = pdf.count
        pdf += Data("xref\n0 2\n0000000000 65535 f \n\(PDFRewriter.tenDigits(updateOffset)) 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev \(previousXref) >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        let file = try PDFRewriter(Array(pdf))
        #expect(try file.object(1).dictionary?["Lang"] == .text("fr-FR"))
        #expect(try file.object(3).dictionary?["Type"] == .name("Page"), "older objects are still found")
        let written = try file.write(root: file.trailer["Root"], info: .null)
        let again = try PDFRewriter(Array(written))
        #expect(try again.object(1).dictionary?["Lang"] == .text("fr-FR"))
        #expect(String(decoding: written, as: UTF8.self).components(separatedBy: "trailer").count == 2, "one table and trailer in the output")
    }

    @Test func whatIsNotAClassicTableIsRefusedWithAReason() {
        let streamXref = Data("%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 1 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n".utf8)
        #expect(throws: PDFFinishingError.unexpectedStructure("the cross-reference data is not a classic table (a cross-reference stream?)")) {
            _ = try PDFRewriter(Array(streamXref))
        }
        #expect(throws: PDFFinishingError.self) { _ = try PDFRewriter(Array("%PDF-1.5\n1 0 obj\n<< >>\nendobj\n".utf8)) }
        #expect(throws: PDFFinishingError.self) { _ = try PDFRewriter(Array("%PDF-1.5\nstartxref\n999999\n%%EOF\n".utf8)) }
        let encrypted = String(decoding: StreamEndTests.pdf(content: "q Q"), as: UTF8.self)
            .replacingOccurrences(of: "/Root 1 0 R", with: "/Root 1 0 R /Encrypt << /Filter /Standard >>")
        #expect(throws: PDFFinishingError.unexpectedStructure("the document is encrypted")) { _ = try PDFRewriter(Array(encrypted.utf8)) }
    }

    @Test func streamsLeftUncompressedAreCompressedAndReadBackTheSame() throws {
        let content = String(repeating: "0 0 10 10 re f ", count: 50)
        // An XMP packet, which stays readable as it is.
        let xmp = "<?xpacket begin?><x:xmpmeta xmlns:x='adobe:ns:meta/'/><?xpacket end='w'?>"
        let pdf = StreamEndTests.pdf(content: content, catalogEntries: " /Metadata 5 0 R", extraObjects: [
            "<< /Type /Metadata /Subtype /XML /Length \(xmp.utf8.count) >>\nstream\n\(xmp)\nendstream",
        ])
        let written = try PDFFinisher.compressStreams(Array(pdf))
        let file = try PDFRewriter(Array(written))
        #expect(try file.streamData(4).dictionary["Filter"] == .name("FlateDecode"))
        #expect(try file.streamData(4).range.count < content.utf8.count / 4)
        #expect(try file.decodedStream(4, coder: DeflateCoder()) == Array(content.utf8))
        #expect(try file.streamData(5).dictionary["Filter"].isNull, "XMP metadata is left readable")
        #expect(try file.decodedStream(5, coder: DeflateCoder()) == Array(xmp.utf8))
        // A dictionary whose last string ends with the word is not taken for a stream.
        let titled = StreamEndTests.pdf(content: content, extraObjects: ["<< /Title (Fin du flux : endstream\r\n) >>"])
        let finished = try PDFFinisher.compressStreams(Array(titled))
        #expect(try PDFRewriter(Array(finished)).object(5).dictionary?["Title"] == .string(Array("Fin du flux : endstream\r\n".utf8)))
        // Compressed streams are copied as they are.
        let again = try PDFFinisher.compressStreams(Array(written))
        #expect(try PDFRewriter(Array(again)).streamData(4).range == file.streamData(4).range)
    }

    /// A zlib stream of stored blocks (what zlib writes at level 0, as cairo's font programs
    /// arrive) is compressed; a stream that is really compressed is copied as it is.
    @Test func aStreamStoredAtLevelZeroIsCompressed() throws {
        let program = Array(String(repeating: "Inter-Regular 0 0 10 10 re f ", count: 40).utf8)
        let stored = StreamEndTests.storedZlib(program)
        #expect(PDFRewriter.startsWithStoredBlock(stored[...]))
        #expect(!PDFRewriter.startsWithStoredBlock(DeflateCoder().compress(program)[...]))
        #expect(!PDFRewriter.startsWithStoredBlock(Array("<?xpacket".utf8)[...]), "not zlib")
        #expect(!PDFRewriter.startsWithStoredBlock([0x08, 0x00, 0x00][...]), "the header's check bits are wrong")
        #expect(!PDFRewriter.startsWithStoredBlock([0x88, 0x1C, 0x00][...]), "a window beyond 32 KiB")
        var pdf = Array(StreamEndTests.pdf(content: "q Q"))
        // Object 5 appended by hand: its data is binary.
        let xrefStart = pdf.indices.first { pdf[$0...].starts(with: Array("\nxref\n".utf8)) }! + 1
        let tail = String(decoding: pdf[xrefStart...], as: UTF8.self)
        pdf.removeSubrange(xrefStart...)
        let offset = pdf.count
        pdf += Array("5 0 obj\n<< /Subtype /Type1C /Filter /FlateDecode /Length \(stored.count) >>\nstream\n".utf8) + stored
            + Array("\nendstream\nendobj\n".utf8)
        let newXref = pdf.count
        let rewritten = tail.replacingOccurrences(of: "0 5\n", with: "0 6\n")
            .replacingOccurrences(of: "trailer", with: String(format: "%010d 00000 n \ntrailer", offset))
            .replacingOccurrences(of: "/Size 5", with: "/Size 6")
            .replacingOccurrences(of: "startxref\n\(xrefStart)", with: "startxref\n\(newXref)")
        pdf += Array(rewritten.utf8)
        let rewrittenCount = rewritten.utf8.count
        let file = try PDFRewriter(Array(try PDFFinisher.compressStreams(pdf)))
        let (dictionary, range) = try file.streamData(5)
        #expect(dictionary["Filter"] == .name("FlateDecode") && dictionary["Subtype"] == .name("Type1C"))
        #expect(range.count < stored.count / 4)
        #expect(try file.decodedStream(5, coder: DeflateCoder()) == program)
        // A stored stream that cannot be read (its checksum is wrong) is copied as it is.
        var corrupt = pdf
        let checksum = corrupt.count - Array("\nendstream\nendobj\n".utf8).count - rewrittenCount - 1
        corrupt[checksum] ^= 0xFF
        let kept = try PDFRewriter(Array(try PDFFinisher.compressStreams(corrupt))).streamData(5)
        #expect(kept.range.count == stored.count)
    }

    @Test func finishingAnyPDFWithPagesGivesAFileQpdfAccepts() throws {
        let pdf = StreamEndTests.pdf(content: "BT /F1 12 Tf (Bonjour) Tj ET 0 0 10 10 re f")
        let finished = try PDFFinisher.finish(Array(pdf), options: PDFFinishingOptions(iccProfile: Data(repeating: 1, count: 200)))
        let url = Scratch.directory("pdf-finishing").appendingPathComponent("finished.pdf")
        try finished.write(to: url)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
        check.arguments = ["--check", url.path]
        check.standardOutput = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let text = String(decoding: finished, as: UTF8.self)
        #expect(text.contains("/Artifact BMC") == false, "the content is compressed")
        // The dictionaries packed in an object stream, the table a cross-reference stream.
        #expect(text.contains("/Type /ObjStm") && text.contains("/Type /XRef") && !text.contains("\nxref\n"))
        #expect(!text.contains("/Type /Catalog"), "the catalog is inside an object stream")
        // The page's content, object 4 as before, read back by qpdf.
        let show = Process()
        show.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
        show.arguments = [url.path, "--show-object=4", "--filtered-stream-data"]
        let pipe = Pipe()
        show.standardOutput = pipe
        try show.run()
        let content = pipe.fileHandleForReading.readDataToEndOfFile()
        show.waitUntilExit()
        #expect(String(decoding: content, as: UTF8.self).hasPrefix("/Artifact BMC\nBT /F1 12 Tf (Bonjour) Tj ET"))
    }
}
