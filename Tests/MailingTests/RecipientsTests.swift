import Foundation
import Testing
@testable import Mailing

@Suite("Recipients file")
struct RecipientsTests {
    let known = Fixture.knownCodes
    let withFiche: Set<String> = ["95", "01", "9D"]

    func parse(_ text: String) throws -> RecipientList {
        try RecipientsFile.parse(Data(text.utf8), knownCodes: known, ficheCodes: withFiche)
    }

    @Test func semicolonFileIsRead() throws {
        let list = try parse("departement;email;nom\n95;a@example.org;Anne\n01;b@example.org;\n")
        #expect(list.delimiter == ";")
        #expect(list.recipients.map(\.address.value) == ["a@example.org", "b@example.org"])
        #expect(list.recipients[0].name == "Anne")
        #expect(list.recipients[1].name == nil)
        #expect(list.issues.isEmpty)
    }

    @Test func commaFileWithBOMCRLFQuotesAndExtraColumnsIsRead() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data += Data("email,Département,nom,service\r\n\"a@example.org\",95,\"Dupont, Anne\",\"DGE; Paris\"\r\n".utf8)
        let list = try RecipientsFile.parse(data, knownCodes: known, ficheCodes: withFiche)
        #expect(list.delimiter == ",")
        #expect(list.issues.isEmpty)
        #expect(list.recipients.first?.name == "Dupont, Anne")
        #expect(list.recipients.first?.departement == "95")
    }

    @Test func everyProblemIsReportedWithItsLineNumber() throws {
        let list = try parse("""
            departement;email;nom
            95;ok@example.org;Ok
            95;not-an-address;Bad
            99;monaco@example.org;Monaco
            95;OK@example.org;Again
            02;aisne@example.org;No fiche
            9d;reunion@example.org;Lower-case code

            1;ain@example.org;One digit
            """)
        let byLine = Dictionary(grouping: list.issues, by: \.line)
        #expect(byLine[3]?.first?.kind == .invalidAddress)
        #expect(byLine[4]?.first?.kind == .unknownDepartement)
        #expect(byLine[5]?.first?.kind == .duplicate)
        #expect(byLine[5]?.first?.message.contains("line 2") == true)
        #expect(byLine[6]?.first?.kind == .noFiche)
        #expect(list.issues.count == 4)
        #expect(list.recipients.map(\.departement) == ["95", "9D", "01"])
        #expect(list.recipients.map(\.line) == [2, 7, 9])
        #expect(list.issues.map(\.description).first == "line 3: invalid address: \"not-an-address\" is not a valid e-mail address")
    }

    @Test func quotedNameWithLineBreakIsReported() throws {
        let list = try parse("departement;email;nom\n95;a@example.org;\"Anne\nBcc: x@example.org\"\n95;b@example.org;B\n")
        #expect(list.issues.map(\.kind) == [.invalidName])
        #expect(list.issues.first?.line == 2)
        #expect(list.recipients.map(\.line) == [4])
    }

    @Test func missingEmailColumnIsFatal() {
        #expect(throws: RecipientsFileError.self) { try parse("departement;nom\n95;Anne\n") }
        #expect(throws: RecipientsFileError.self) { try parse("") }
    }

    @Test func recipientsAreGroupedByDepartementInFileOrder() throws {
        let list = try parse("departement;email\n95;a@example.org\n01;b@example.org\n95;c@example.org\n")
        #expect(list.byDepartement.map(\.code) == ["95", "01"])
        #expect(list.byDepartement[0].recipients.count == 2)
    }
}
