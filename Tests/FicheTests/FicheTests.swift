import Foundation
@testable import ProjectFiles
import Testing
@testable import TradeData
@testable import Fiche

/// French typography of the fiche's text and figures.
@Suite struct TypographyTests {
    @Test func figuresUseNarrowNoBreakThousandsAndDecimalComma() {
        #expect(FrenchTypography.millions(24_188_700_000) == "24\u{202F}188,7")
    }

    @Test func noLineBreakBeforeColonPercentOrEuro() {
        #expect(FrenchTypography.apply("Total : 3 %") == "Total\u{00A0}: 3\u{00A0}%")
        #expect(FrenchTypography.apply("5 €") == "5\u{00A0}€")
        #expect(FrenchTypography.apply("(+975,3\u{00A0}M€)") == "(+975,3\u{00A0}M€)", "M€ stays one word")
        #expect(FrenchTypography.apply("Total: 3") == "Total\u{00A0}: 3")
    }

    @Test func semicolonsAndGuillemetsGetNarrowNoBreakSpaces() {
        #expect(FrenchTypography.apply("a ; b") == "a\u{202F}; b")
        #expect(FrenchTypography.apply("« Autres »") == "«\u{202F}Autres\u{202F}»")
        #expect(FrenchTypography.apply("vraiment!") == "vraiment\u{202F}!")
    }

    @Test func addressesAreLeftAlone() {
        #expect(FrenchTypography.apply("https://anct.gouv.fr/actualites") == "https://anct.gouv.fr/actualites")
        #expect(FrenchTypography.apply("mailto:territoires-industrie@anct.gouv.fr") == "mailto:territoires-industrie@anct.gouv.fr")
    }

    /// The scalar-by-scalar reading (the fast one) gives what the character-by-character one
    /// gives, on random text of the characters the rules look at, and leaves text with
    /// combining marks or a CR LF to it.
    /// What the scalar readings rely on: a scalar of these ranges is a character by itself, next
    /// to any other of them (checked against the standard library's grapheme breaking, which a
    /// new Unicode version could change).
    @Test func scalarsTakenAsCharactersOfTheirOwnAreCharactersOfTheirOwn() {
        let allowed = (UInt32(0)...0x23FF).filter(FrenchTypography.isCharacterOfItsOwn).compactMap(Unicode.Scalar.init)
        #expect(allowed.count > 1_500)
        // Every allowed scalar beside those that could join a neighbour if any could: spaces,
        // controls, symbols, letters, the line and paragraph separators, the soft hyphen.
        let neighbours = ["a", " ", "\n", "\u{00AD}", "\u{00A9}", "\u{2028}", "\u{202E}", "\u{2122}", "\u{2212}", "\u{231A}",
                          "\u{20AC}", "é", "\u{2019}"].compactMap { $0.unicodeScalars.first }
        for scalar in allowed {
            for other in neighbours {
                var pair = String(), reversed = String()
                pair.unicodeScalars.append(contentsOf: [scalar, other])
                reversed.unicodeScalars.append(contentsOf: [other, scalar])
                if pair.count != 2 || reversed.count != 2 {
                    Issue.record("U+\(String(scalar.value, radix: 16)) joins U+\(String(other.value, radix: 16))")
                    return
                }
            }
        }
    }

    @Test func aScalarIsALetterWhenItsCharacterIs() {
        for value in UInt32(0)...0x23FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isLetter == Character(scalar).isLetter, "U+\(String(value, radix: 16))")
        }
    }

    @Test func readingByScalarsGivesWhatReadingByCharactersGives() {
        let alphabet: [String] = ["a", "é", "M", "€", ":", "%", ";", "!", "?", "»", "«", "'", " ", "\n", "/", "@", ")", ".",
                                  "…", "3", "\u{00A0}", "\u{202F}", "’", "-", "ǅ", "²", "½", "\u{2014}", "\u{00AD}", "\t",
                                  "\u{2212}", "№", "⅔", "→"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            // Compared byte for byte: String's == would take canonically equivalent texts as equal.
            #expect(FrenchTypography.applyByScalars(text).map { Array($0.utf8) } == Array(FrenchTypography.applyByCharacters(text).utf8),
                    "\(text.debugDescription)")
        }
        #expect(FrenchTypography.applyByScalars("e\u{0301} :") == nil, "a combining mark: read by characters")
        #expect(FrenchTypography.applyByScalars("a\r\n:") == nil)
        #expect(FrenchTypography.applyByScalars("\u{2212}3 %") == "\u{2212}3\u{00A0}%", "the minus sign of the figures")
        #expect(FrenchTypography.apply("e\u{0301} : x") == "e\u{0301}\u{00A0}: x")
    }
}

/// Hyphenation with Debian's French patterns.
@Suite struct HyphenationTests {
    let hyphenator: Hyphenator
    /// Patterns that cannot be loaded fail each test of the suite, not the whole run.
    init() throws { hyphenator = try Hyphenator() }
    func shown(_ s: String) -> String { s.replacingOccurrences(of: "\u{00AD}", with: "-") }

    @Test func readingByScalarsFindsTheWordsReadingByCharactersFinds() {
        let words = ["département", "exportations", "l’industrie", "sous-traitance", "Val-d’Oise", "2024", "électroménager",
                     "M€", "Île-de-France", "aéronautique"]
        let separators = [" ", " : ", ", ", "\u{00A0}", "\u{202F}", " (", ") ", "\n", " \u{2212}3,5\u{00A0}% ", "’", "-"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                words.randomElement(using: &generator)! + separators.randomElement(using: &generator)!
            }.joined()
            #expect(Array(hyphenator.hyphenateByScalars(text).utf8) == Array(hyphenator.hyphenateByCharacters(text).utf8),
                    "\(text.debugDescription)")
        }
        #expect(hyphenator.hyphenate(text: "de\u{0301}partement exportations") == hyphenator.hyphenateByCharacters("de\u{0301}partement exportations"))
    }

    @Test func frenchWordsBreakAtTheirSyllables() {
        // At least three letters on each side of a hyphen: no «dé-», «ex-», «re-».
        #expect(shown(hyphenator.hyphenate(word: "département")) == "dépar-te-ment")
        #expect(shown(hyphenator.hyphenate(word: "exportations")) == "expor-ta-tions")
        #expect(shown(hyphenator.hyphenate(word: "reconquête")) == "recon-quête")
    }

    @Test func shortWordsNamesAndNumbersAreNotHyphenated() {
        #expect(hyphenator.hyphenate(word: "pays") == "pays")
        #expect(hyphenator.hyphenate(word: "Allemagne") == "Allemagne")
        #expect(hyphenator.hyphenate(text: "24\u{202F}188,7 millions") == "24\u{202F}188,7 mil\u{00AD}lions")
    }

    @Test func elisionsAndCompoundsAreHyphenatedAfterTheApostropheOrHyphen() {
        #expect(shown(hyphenator.hyphenate(word: "l’exportation")) == "l’expor-ta-tion")
        #expect(!hyphenator.hyphenate(word: "l’exportation").hasPrefix("l\u{00AD}"))
    }

    @Test func textKeepsEverythingButTheInsertedSoftHyphens() {
        let text = "Les données des douanes ne descendent pas en deçà du département : c’est l’échelle la plus fine."
        #expect(hyphenator.hyphenate(text: text).replacingOccurrences(of: "\u{00AD}", with: "") == text)
    }
}

/// The template syntax and its filling.
@Suite struct TemplateTests {
    @Test func linesBecomeTitlesParagraphsListsAndBoxes() throws {
        let blocks = try FicheTemplate.parse("""
            # Titre
            ## Sous-titre
            Une ligne
            et la suite.

            - premier
            - second
            > Clé
            @encadre Boîte
            Dans la boîte.
            @fin
            @sankey exports region | Activités | Pays
            """)
        #expect(blocks == [
            .title("Titre"), .subtitle("Sous-titre"), .paragraph("Une ligne et la suite."), .list(["premier", "second"]),
            .caption("Clé"), .box(title: "Boîte", blocks: [.paragraph("Dans la boîte.")]),
            .sankey(flow: .exports, territory: .region, leftHeading: "Activités", rightHeading: "Pays"),
        ])
    }

    @Test func anUnknownDirectiveNamesItsLine() {
        #expect(throws: FicheTemplateError.self) { try FicheTemplate.parse("texte\n@graphique", file: "page-3.mustache") }
        do {
            _ = try FicheTemplate.parse("texte\n@graphique", file: "page-3.mustache")
        } catch {
            #expect("\(error)".hasPrefix("page-3.mustache:2: '@graphique'"))
        }
    }

    @Test func aSankeyWithAnUnknownFlowOrTerritoryIsRefusedNamingTheWord() {
        for (line, word) in [("@sankey exportz region", "exportz"), ("@sankey imports canton", "canton")] {
            do {
                _ = try FicheTemplate.parse(line, file: "page-4.mustache")
                Issue.record("\(line) was accepted")
            } catch {
                #expect("\(error)".hasPrefix("page-4.mustache:1: '\(line)': expected the "))
                #expect("\(error)".hasSuffix("not '\(word)'"))
            }
        }
    }

    @Test func aSankeyNamesItsFlowAndTerritoryAsTypedValues() throws {
        #expect(try FicheTemplate.parse("@sankey imports france") == [
            .sankey(flow: .imports, territory: .france, leftHeading: "", rightHeading: ""),
        ])
    }

    @Test func anUnclosedBoxIsAnError() {
        #expect(throws: FicheTemplateError.self) { try FicheTemplate.parse("@encadre Titre\ntexte") }
    }

    @Test func inlineMarksGiveBoldItalicAndLinks() {
        let runs = InlineRun.parse("a **b** *c* [d](mailto:x@y.fr) \\*")
        #expect(runs.map(\.text) == ["a ", "b", " ", "c", " ", "d", " *"])
        #expect(runs[1].bold && runs[3].italic && runs[5].link == "mailto:x@y.fr")
    }

    @Test func textWithoutMarksIsOneRun() {
        #expect(InlineRun.parse("Le solde : 3\u{00A0}% (é́) – fin.") == [InlineRun(text: "Le solde : 3\u{00A0}% (é́) – fin.")])
        #expect(InlineRun.parse("").isEmpty)
        #expect(InlineRun.parse("a\\b") == [InlineRun(text: "ab")], "a backslash is still read as an escape")
    }

    @Test func theProjectTemplatesFillWithoutHTMLEscaping() throws {
        let assets = try ProjectFolder.assets()
        let template = try FicheTemplate(directory: assets.appendingPathComponent("fiche"))
        #expect(template.pages.count == 9, "eight pages and the evolution page, printed only with a year before")
        let pages = try template.render(FicheValues.make(Fixtures.report, territories: Fixtures.territories, places: Fixtures.places))
        let text = "\(pages)".replacingOccurrences(of: "\\'", with: "'")
        #expect(text.contains("Val-d’Oise"))
        #expect(!text.contains("Val-d'Oise"))
        #expect(!text.contains("&#39;"))
        #expect(text.contains("24\u{202F}188,7"))
        #expect(text.contains("17,1\u{00A0}%"))
        #expect(text.contains("4,17\u{00A0}%"))
    }
}

/// The Territoires d'industrie box of the cover.
@Suite struct TerritoriesBoxTests {
    @Test func territoriesWithFewerThanFiveCommunesAndTheirMainPartElsewhereAreLeftOut() throws {
        let values = try FicheValues.make(Fixtures.report, territories: Fixtures.territories, places: Fixtures.places)
        let names = (values["ti_territoires"] as! [[String: Any]]).map { $0["nom"] as! String }
        #expect(names == ["Cergy Ouest 95", "Voisin majoritaire"])
        #expect(values["ti_exclus"] as? Bool == true)
    }

    @Test func withoutAFileTheBoxSaysSoInsteadOfListing() throws {
        let values = try FicheValues.make(Fixtures.report, territories: nil, places: Fixtures.places)
        #expect(values["ti_fichier"] as? Bool == false)
        let assets = try ProjectFolder.assets()
        let template = try FicheTemplate(directory: assets.appendingPathComponent("fiche"))
        let cover = "\(try template.render(values)[0])"
        #expect(cover.contains("n’a pas pu être établie"))
        #expect(!cover.contains("moins de 5 communes"))
    }

    @Test func aDepartementWithNoTerritorySaysSo() throws {
        let values = try FicheValues.make(Fixtures.report, territories: IndustryTerritories(territories: []), places: Fixtures.places)
        #expect(values["ti_aucun"] as? Bool == true)
    }
}
