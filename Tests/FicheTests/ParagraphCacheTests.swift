@testable import Canvas
import Testing
@testable import Fiche

/// The paragraph cache keeps the template's prose from one fiche to the next, even when it is
/// full of one-off paragraphs.
@Suite struct ParagraphCacheTests {
    @Test func aFullCacheKeepsTheParagraphsUsedAgainAndDropsTheOthers() throws {
        let renderer = try FicheRenderer(options: FicheOptions())
        let styles = try FicheStyles(fonts: renderer.fonts, family: renderer.family, theme: renderer.theme)
        let cache = ParagraphCache(capacity: 4)
        func layout(_ text: String) -> ParagraphLayout {
            cache.layout(ParagraphCache.Key(source: text, style: styles.body, width: 300, hyphenate: true)) {
                ParagraphLayout(engine: renderer.measurer.engine, text: RichText(text), style: styles.body, width: 300)
            }
        }
        let template = layout("Les chiffres présentés proviennent des statistiques des douanes.")
        #expect(layout("Les chiffres présentés proviennent des statistiques des douanes.") === template, "used again")
        for k in 1...3 { _ = layout("Le département numéro \(k) a exporté.") }
        #expect(cache.made == 4)
        // Full: a new paragraph drops the one-off ones, not the template's.
        _ = layout("Le département numéro 4 a exporté.")
        #expect(layout("Les chiffres présentés proviennent des statistiques des douanes.") === template)
        #expect(cache.made == 5)
        _ = layout("Le département numéro 1 a exporté.")
        #expect(cache.made == 6, "a one-off paragraph was dropped")
    }
}
