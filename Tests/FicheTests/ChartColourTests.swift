import Canvas
import Foundation
import Testing
@testable import Fiche

/// One shade a flow in every chart, and labels readable on every fill (WCAG 2.1: 4,5:1 for
/// text under 18 pt, which every chart label is).
@Suite struct ChartColourTests {
    static func contrast(_ a: Color, _ b: Color) -> Double {
        let (l1, l2) = (max(a.luminance, b.luminance), min(a.luminance, b.luminance))
        return (l1 + 0.05) / (l2 + 0.05)
    }

    @Test func everyTreemapFillHasALabelInkAtFourAndAHalfToOne() {
        let theme = ChartTheme()
        for fill in [theme.imports, theme.exports, theme.importOther, theme.exportOther] {
            // The painter's rule: white on dark fills, body text on light ones.
            let ink: Color = fill.luminance < 0.3 ? .white : theme.text
            #expect(Self.contrast(fill, ink) >= 4.5, "\(fill)")
        }
    }

    @Test func importsAndExportsAreOneShadeEachAndReadableAsTextOnWhite() {
        let theme = ChartTheme()
        #expect(theme.imports != theme.exports)
        // Treemap part titles and Sankey node bars are drawn in these very colours.
        #expect(Self.contrast(theme.imports, .white) >= 4.5 && Self.contrast(theme.exports, .white) >= 4.5)
    }
}
