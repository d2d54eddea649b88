@testable import FrenchNumbers
import Foundation
import Testing
@testable import Mailing

@Suite("Templates and French figures")
struct TemplateTests {
    @Test func millionsUseNarrowNoBreakSpaceAndDecimalComma() {
        #expect(FrenchNumber.millionsOfEuros(24_188_700_000, unit: false) == "24\u{202F}188,7")
        #expect(FrenchNumber.millionsOfEuros(580_354_500_000, unit: false) == "580\u{202F}354,5")
        #expect(FrenchNumber.millionsOfEuros(412_000_000, unit: false) == "412,0")
        #expect(FrenchNumber.millionsOfEuros(49_950, unit: false) == "0,0")
        #expect(FrenchNumber.millionsOfEuros(50_000, unit: false) == "0,1")
        #expect(FrenchNumber.millionsOfEuros(-1_252_600_000, unit: false) == "−1\u{202F}252,6")
        #expect(FrenchNumber.format(1_234_567, decimals: 0) == "1\u{202F}234\u{202F}567")
    }

    func content(name: String? = "Marie Dupont") -> MessageContent {
        MessageContent(recipientName: name, departementCode: "95", departementName: "Val-d'Oise", region: "Île-de-France",
                       year: 2024, exportsEUR: 24_188_700_000, importsEUR: 25_441_300_000, fileName: "95-val-d-oise.pdf")
    }

    @Test func subjectAndPlainTextAreNotHTMLEscaped() throws {
        let text = try Fixture.templates().render(content())
        #expect(text.subject == "Les indicateurs clés\u{00A0}: commerce extérieur – Val-d’Oise (2024)")
        #expect(text.text.hasPrefix("Bonjour Marie Dupont,"))
        #expect(text.text.contains("Val-d’Oise (95)"))
        #expect(text.text.contains("24\u{202F}188,7 millions d’euros"))
        #expect(text.text.contains("déficitaire de 1\u{202F}252,6 millions"))
        #expect(text.text.contains("région Île-de-France"))
        #expect(!text.text.contains("&#"))
    }

    @Test func htmlEscapesValues() throws {
        var c = content(name: "<script>Eve</script>")
        c.departementName = "Val-d'Oise"
        let html = try Fixture.templates().render(c).html
        #expect(html.contains("&lt;script&gt;Eve"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("24\u{202F}188,7 M€"))
    }

    /// The manifest keeps the customs table's «Val-d'Oise»; the reader meets the fiche's «Val-d’Oise»
    /// in the subject, the text, the HTML title and heading.
    @Test func namesAreWrittenAsOnTheFiche() throws {
        let text = try Fixture.templates().render(content())
        #expect(text.subject.contains("Val-d’Oise") && text.text.contains("Val-d’Oise") && text.html.contains("Val-d’Oise (2024)</h1>"))
        for part in [text.subject, text.text, text.html] {
            #expect(!part.contains("Val-d'Oise") && !part.contains("Val-d&#39;Oise") && !part.contains("Val-d&#x27;Oise"))
        }
        var paca = content()
        paca.departementCode = "06"
        paca.departementName = "Alpes-Maritimes"
        paca.region = "Provence-Alpes-Côte d'Azur"
        #expect(try Fixture.templates().render(paca).text.contains("de la région Provence-Alpes-Côte d’Azur et de la France"))
    }

    @Test func overseasMessagesNameTheirComparisonBlockAsTheFicheDoes() throws {
        for code in ["9D", "974"] {
            var reunion = content()
            reunion.departementCode = code
            reunion.departementName = "La Réunion"
            reunion.region = "Départements d'outre-mer"
            let message = try Fixture.templates().render(reunion)
            for part in [message.text, message.html] {
                #expect(part.contains("à celles de l’ensemble des départements d’outre-mer et de la France"), "\(code): \(part)")
                #expect(!part.contains("région Départements"))
            }
        }
    }

    @Test func aRegionsMessageSpeaksOfTheRegionAndComparesItWithFranceOnly() throws {
        var bretagne = content()
        bretagne.departementCode = "53"
        bretagne.departementName = "Bretagne"
        bretagne.region = nil
        bretagne.isRegion = true
        let message = try Fixture.templates().render(bretagne)
        for part in [message.text, message.html] {
            #expect(part.contains("commerce extérieur de la région Bretagne (53)"), "\(part)")
            #expect(part.contains("partenaires de la région") && part.contains("à celles de la France"))
            #expect(!part.contains("du département") && !part.contains("celles et de"))
        }
        #expect(message.text.contains("les exportations de la région s’élèvent"))
        var reunion = content()
        reunion.departementCode = "9D"
        reunion.departementName = "La Réunion"
        #expect(try Fixture.templates().render(reunion).text.contains("La Réunion (974)"), "the INSEE code, as on the fiche")
    }

    @Test func groupMessageGreetsMadameMonsieurAndFiguresAreOptional() throws {
        var c = content(name: nil)
        c.exportsEUR = nil
        let text = try Fixture.templates().render(c)
        #expect(text.text.hasPrefix("Madame, Monsieur,"))
        #expect(!text.text.contains("millions"))
    }
}
