import Foundation
import Testing
@testable import CSV

/// The one CSV reader: `;` or `,`, quoted fields, CRLF/LF/CR, BOM, line numbers.
@Suite struct CSVReaderTests {
    func fields(_ text: String, _ delimiter: Character = ";") throws -> [[String]] {
        try CSVReader.records(text, delimiter: delimiter).map(\.fields)
    }

    @Test func fieldsAreSplitOnTheDelimiterAndEmptyFieldsKept() throws {
        #expect(try fields("a;b;c\n;;\n") == [["a", "b", "c"], ["", "", ""]])
        #expect(try fields("a,b;c\n", ",") == [["a", "b;c"]])
    }

    @Test func quotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks() throws {
        #expect(try fields("\"a;b\";\"dit \"\"X\"\"\";\"deux\r\nlignes\"\r\nz\n") == [["a;b", "dit \"X\"", "deux\nlignes"], ["z"]])
        // Spaces before the opening quote are dropped; a quote inside an unquoted field is a character.
        #expect(try fields("a; \"b;c\";d\"e\n") == [["a", "b;c", "d\"e"]])
        // Text after the closing quote stays in the field.
        #expect(try fields("\"ab\"c;d\n") == [["abc", "d"]])
    }

    @Test func everyLineEndIsAcceptedAndTheLastLineNeedsNone() throws {
        #expect(try fields("a;b\r\nc;d\re;f\ng;h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
    }

    @Test func blankLinesAreNoRecordsButCountInLineNumbers() throws {
        let records = try CSVReader.records("h1;h2\n\n  \t\nx;y\r\n\"multi\nline\";z\nlast;1", delimiter: ";")
        #expect(records.map(\.line) == [1, 4, 5, 7])
        #expect(records[2].fields == ["multi\nline", "z"])
    }

    @Test func anUnterminatedQuoteIsAnErrorAtTheLineItOpens() {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try CSVReader.records("a;b\n\"open;x\ny\n", delimiter: ";") }
        // A closing quote at the very end of the text closes the field.
        #expect((try? CSVReader.records("\"a\"", delimiter: ";"))?.map(\.fields) == [["a"]])
    }

    @Test func aSingleLineIsReadLenientlyForAQuickLook() {
        #expect(CSVReader.fields(ofLine: "E;3;2024", delimiter: ";") == ["E", "3", "2024"])
        #expect(CSVReader.fields(ofLine: "\"open;x", delimiter: ";") == ["open;x"])
    }

    @Test func utf8LosesItsByteOrderMarkAndOtherBytesAreLatin1() {
        #expect(CSVReader.utf8Text(Data([0xEF, 0xBB, 0xBF] + Array("é;a".utf8))) == "é;a")
        #expect(CSVReader.utf8Text(Data([0x41, 0xE9])) == nil)
        #expect(CSVReader.utf8OrLatin1Text(Data([0x41, 0xE9])) == "Aé")
        #expect(CSVReader.utf8OrLatin1Text(Data([0xEF, 0xBB, 0xBF, 0x41])) == "A")
    }

    @Test func theHeaderChoosesSemicolonOrComma() {
        #expect(CSVReader.guessDelimiter(header: "departement;email;nom") == ";")
        #expect(CSVReader.guessDelimiter(header: "departement,email,nom") == ",")
        #expect(CSVReader.guessDelimiter(header: "a;b,c") == ";")
        #expect(CSVReader.firstLine("h1;h2\r\nx") == "h1;h2")
    }

    @Test func whatTheWriterWritesTheReaderReadsBack() throws {
        let rows = [["code", "name", "note"], ["95", "Val-d’Oise", "dit \"X\"; puis\r\nla suite"], ["", "a\u{2028}b", ""]]
        let text = CSVWriter(delimiter: ";").text(rows)
        let back = try CSVReader.records(text, delimiter: ";").map(\.fields)
        #expect(back == [rows[0], ["95", "Val-d’Oise", "dit \"X\"; puis\nla suite"], rows[2]])
    }
}

/// The one CSV writer: CRLF after every record, fields quoted exactly when a spreadsheet would misread them.
@Suite struct CSVWriterTests {
    let writer = CSVWriter(delimiter: ";")

    @Test func fieldsWithSeparatorsQuotesOrLineBreaksAreQuotedAndOthersLeftAsTheyAre() {
        for plain in ["États-Unis", "Produits de la construction aéronautique", "24 188,7", "Côte-d’Or", "", "a,b"] {
            #expect(writer.field(plain) == plain)
        }
        #expect(writer.field("a;b") == "\"a;b\"")
        #expect(writer.field("dit \"X\"") == "\"dit \"\"X\"\"\"")
        for lineBreak in ["\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect(writer.needsQuoting("é" + lineBreak + "à"), "\(lineBreak.unicodeScalars.first!.value)")
            #expect(writer.needsQuoting("a" + lineBreak), "\(lineBreak.unicodeScalars.first!.value)")
        }
        #expect(!writer.needsQuoting("\u{2027}\u{2030}\u{C2}"))
        #expect(CSVWriter(delimiter: ",").field("a,b") == "\"a,b\"")
    }

    @Test func everyRecordEndsWithCRLFAfterTheOptionalPrefix() {
        #expect(writer.text([["a", "b"], ["c"]]) == "a;b\r\nc\r\n")
        #expect(writer.text([]) == "")
        #expect(writer.bytes([["x"]], prefix: [0xEF, 0xBB, 0xBF]) == [0xEF, 0xBB, 0xBF, 0x78, 0x0D, 0x0A])
    }
}
