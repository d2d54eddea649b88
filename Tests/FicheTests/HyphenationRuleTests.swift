@testable import Canvas
import Foundation
import Testing
@testable import Fiche
@testable import TradeData

/// The typesetting rules of every paragraph of a fiche: the text stays inside its measure
/// (inserted hyphens included), a hyphen leaves at least three letters on each side, at most
/// two hyphenated lines follow one another, no paragraph ends on a runt, and justified word
/// spaces stay even.
@Suite struct HyphenationRuleTests {
    /// Every paragraph layout of the fiche of `report`, with where it is.
    static func paragraphs(_ report: DepartementReport, renderer: FicheRenderer) throws -> [(where: String, layout: ParagraphLayout)] {
        let styles = try FicheStyles(fonts: renderer.fonts, family: renderer.family, theme: renderer.theme)
        let pages = try (report.isRegionFiche ? renderer.regionTemplate : renderer.template).render(FicheValues.make(report, territories: nil, places: renderer.places))
        var out: [(String, ParagraphLayout)] = []
        func visit(_ item: FicheItem, page: Int) {
            switch item.content {
            case let .paragraph(p), let .caption(p), let .note(p): out.append(("page \(page)", p))
            case let .heading(_, _, p): out.append(("page \(page), title", p))
            case let .listItem(p, _, _, _, _): out.append(("page \(page), list", p))
            case let .box(_, _, children): children.forEach { visit($0, page: page) }
            default: break
            }
        }
        for (k, plan) in FicheItemBuilder(renderer: renderer, styles: styles).plan(pages).enumerated() {
            plan.placed.forEach { visit($0.item, page: k + 1) }
        }
        return out
    }

    /// The lines of a layout that end on an inserted hyphen.
    static func hyphenated(_ p: ParagraphLayout) -> [Bool] {
        let bytes = Array(p.text.text.utf8)
        return p.lines.map { line in
            line.range.upperBound >= 2 && bytes[line.range.upperBound - 2] == 0xC2 && bytes[line.range.upperBound - 1] == 0xAD
        }
    }

    @Test func everyParagraphOfEveryDemoFicheKeepsTheRules() throws {
        let renderer = try FicheRenderer(options: FicheOptions())
        let aggregates = try DemoFixture.aggregates.get()
        let geography = aggregates.dataset.geography
        let reports = try geography.departements.map { try aggregates.report(for: $0.code) }
            + FrenchTerritories.regionFiches(in: geography).map { try aggregates.regionReport(for: $0.region) }
        var problems: [String] = []
        for report in reports {
            problems += try Self.problems(report, renderer: renderer).map { "\(report.departement.name): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.prefix(40).joined(separator: "\n"))")
    }

    static func problems(_ report: DepartementReport, renderer: FicheRenderer) throws -> [String] {
        var problems: [String] = []
        for (place, p) in try Self.paragraphs(report, renderer: renderer) {
            let scale = 1024.0  // PANGO_SCALE
            for (i, width) in p.lineWidths.enumerated() where Double(width) / scale + Double(p.lines[i].x) > p.width + 0.05 {
                problems.append("\(place): line \(i + 1) ends \(Double(width) / scale + p.lines[i].x - p.width) pt past the measure")
            }
            if p.style.alignment == .justify {
                for (i, ratio) in p.wordSpaceRatios.enumerated() where (ratio ?? 1) > ParagraphLayout.widestWordSpace {
                    problems.append("\(place): line \(i + 1) has word spaces \(ratio!) times the font's space")
                }
            }
            let marks = Self.hyphenated(p)
            for i in marks.indices.dropFirst(2) where marks[i] && marks[i - 1] && marks[i - 2] {
                problems.append("\(place): three hyphenated lines in a row ending at line \(i + 1)")
            }
            let text = p.text.text
            let bytes = Array(text.utf8)
            for (i, line) in p.lines.enumerated() where marks[i] {
                // The part of the word before the break, and the part after it on the next line.
                let before = String(decoding: bytes[line.range.lowerBound..<(line.range.upperBound - 2)], as: UTF8.self)
                let head = before.replacingOccurrences(of: "\u{00AD}", with: "").reversed().prefix { $0.isLetter }.count
                let next = i + 1 < p.lines.count ? String(decoding: bytes[p.lines[i + 1].range], as: UTF8.self) : ""
                let tail = next.replacingOccurrences(of: "\u{00AD}", with: "").prefix { $0.isLetter }.count
                if head < 3 || tail < 3 { problems.append("\(place): line \(i + 1) breaks a word after \(head) letters, before \(tail)") }
            }
            if let last = p.lines.last, p.lines.count > 1 {
                let tail = String(decoding: Array(text.utf8)[last.range], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                let shortest = place.hasSuffix("title") ? FrenchTypography.shortestTitleLastLine : FrenchTypography.shortestLastLine
                if tail.count < shortest && !tail.contains("http") {
                    problems.append("\(place): last line «\(tail)»")
                }
            }
        }
        return problems
    }
}

/// The demo years (generated once into the cache, as `fiche` does), aggregated once.
enum DemoFixture {
    static let aggregates = Result { () throws -> TradeAggregates in
        let dataset = try TradeDataset.load(paths: [DemoYear.cachedDirectory()], isDemo: true, detail: .fiche(year: nil))
        return try TradeAggregates(dataset: dataset, year: DemoYear.year)
    }

    static func report(_ code: String) throws -> DepartementReport { try aggregates.get().report(for: code) }
}
