import Testing
@testable import Fiche
@testable import TradeData

/// The evolution sentences, case by case: correct French, the right sign and value, and nothing
/// said that is not true (no «+100 %» for what did not exist, no percentage of nothing).
@Suite struct EvolutionWordingTests {
    static func flow(_ own: (Int64, Int64), france: (Int64, Int64) = (100_000_000_000, 101_100_000_000)) -> FlowEvolution {
        FlowEvolution(own: Evolution(previous: own.0, current: own.1), region: Evolution(previous: 1, current: 1),
                      france: Evolution(previous: france.0, current: france.1))
    }

    static func sentence(_ e: FlowEvolution, region: String? = nil) -> String? {
        FicheValues.flowSentence(e, noun: "exportations", subjectDe: "du Val-d’Oise", year: 2023, currentYear: 2024, region: region)
    }

    @Test func risingFasterThanFranceAsTheIssueWritesIt() {
        let text = Self.sentence(Self.flow((23_213_400_000, 24_188_700_000)))
        #expect(text == "Les exportations du Val-d’Oise ont progressé de 4,2\u{00A0}% par rapport à 2023 (+975,3\u{00A0}M€), "
                + "plus vite que celles de la France (+1,1\u{00A0}%).")
    }

    @Test func fallingSlowerOrAgainstFrancesDirection() {
        let slower = Self.sentence(Self.flow((1_000_000_000, 990_000_000), france: (100, 95)))
        #expect(slower?.contains("ont reculé de 1,0\u{00A0}% par rapport à 2023 (−10,0\u{00A0}M€), moins fortement que celles de la France (−5,0\u{00A0}%)") == true)
        let against = Self.sentence(Self.flow((1_000_000_000, 900_000_000)))
        #expect(against?.contains("alors que celles de la France ont progressé (+1,1\u{00A0}%)") == true)
    }

    @Test func stableUnderHalfATenthOfAPercent() {
        let text = Self.sentence(Self.flow((1_000_000_000, 1_000_400_000)))
        #expect(text?.hasPrefix("Les exportations du Val-d’Oise sont restées stables par rapport à 2023 (+0,4\u{00A0}M€)") == true)
        #expect(text?.contains("alors que celles de la France ont progressé (+1,1\u{00A0}%)") == true)
    }

    @Test func newVanishedAndTinyPreviousValuesHaveNoPercentage() {
        #expect(Self.sentence(Self.flow((0, 5_000_000))) == "Les exportations du Val-d’Oise, nulles en 2023, atteignent 5,0\u{00A0}millions d’euros en 2024.")
        #expect(Self.sentence(Self.flow((3_000_000, 0)))
                == "Les douanes n’ont enregistré aucune exportation du Val-d’Oise en 2024, contre 3,0\u{00A0}millions d’euros en 2023.")
        let tiny = Self.sentence(Self.flow((1, 5_000_000))) ?? ""
        #expect(tiny.contains("quasi nulles en 2023") && !tiny.contains("%"))
        #expect(Self.sentence(Self.flow((0, 0))) == nil)
        for text in [Self.sentence(Self.flow((0, 5))), tiny] { #expect(!(text ?? "").contains("inf") && !(text ?? "").contains("nan")) }
    }

    @Test func theRegionIsSaidBesideFrance() {
        let e = FlowEvolution(own: Evolution(previous: 100_000_000, current: 110_000_000),
                              region: Evolution(previous: 100_000_000, current: 102_000_000),
                              france: Evolution(previous: 100_000_000, current: 101_000_000))
        #expect(Self.sentence(e, region: "de la région Île-de-France")?.hasSuffix(
            "plus vite que celles de la France (+1,0\u{00A0}%). Celles de la région Île-de-France ont progressé de 2,0\u{00A0}%.") == true)
    }

    @Test func keyFiguresCarryAShortEvolution() {
        #expect(FicheValues.shortEvolution(Evolution(previous: 100_000_000, current: 104_200_000), year: 2023) == " (+4,2\u{00A0}% par rapport à 2023)")
        #expect(FicheValues.shortEvolution(Evolution(previous: 0, current: 4), year: 2023) == " (nulles en 2023)")
        #expect(FicheValues.shortEvolution(Evolution(previous: 0, current: 0), year: 2023) == "")
    }
}
