import Foundation
import Mustache
import TradeData

/// Why the fiche's text template could not be used.
enum FicheTemplateError: Error, CustomStringConvertible {
    case missingPage(URL)
    case invalidTemplate(URL, String)
    case invalidDirective(file: String, line: Int, text: String, expected: String)
    /// A file of the assets folder the fiche needs (e.g. the colour profile) is missing.
    case missingAsset(String)

    var description: String {
        switch self {
        case let .missingPage(url): return "missing fiche template \(url.path)"
        case let .missingAsset(path): return "missing asset \(path) (the project's assets folder is incomplete)"
        case let .invalidTemplate(url, why): return "\(url.path): \(why)"
        case let .invalidDirective(file, line, text, expected): return "\(file):\(line): '\(text)': expected \(expected)"
        }
    }
}

/// A block of the fiche's flowing content, as written in the page templates.
enum TemplateBlock: Equatable, Sendable {
    /// `# …`: a section title (H1, with a bookmark).
    case title(String)
    /// `## …`: a subtitle (H2).
    case subtitle(String)
    /// A paragraph (consecutive lines joined).
    case paragraph(String)
    /// `- …`: list items (consecutive ones form one list).
    case list([String])
    /// `> …`: a reading key or caption, in a tinted box.
    case caption(String)
    /// `! …`: a small note (footnotes, sources).
    case note(String)
    /// `@partenaires`, `@activites`: the partner bars, the activity treemap.
    case partnersChart
    case activitiesChart
    /// `@departements`: a région's départements side by side (région fiches only).
    case departementsChart
    /// `@annees`: exports and imports per year, with the région's and France's indices (three
    /// complete years or more in the data).
    case yearsChart
    /// `@sankey exports|imports departement|region|france | left heading | right heading`.
    case sankey(flow: TradeFlow, territory: TerritoryKind, leftHeading: String, rightHeading: String)
    /// `@encadre Title` … `@fin`: a tinted box with a title.
    case box(title: String, blocks: [TemplateBlock])
    /// `@total` … `@fin`: the totals box (first paragraph large and bold).
    case totals([TemplateBlock])
    /// `@bas`: what follows sits at the bottom of the page.
    case bottom
    /// `@signature`: the State and ANCT sign-off blocks (cover).
    case signOff
    /// `@couverture Title | Subtitle`: the cover title.
    case coverTitle(title: String, subtitle: String)
}

/// The fiche's text: one Mustache template per page in `assets/fiche/` (`page-1.mustache` …),
/// filled with named placeholders (see `assets/fiche/README.md`), then read as a light
/// line-based syntax (titles, paragraphs, lists, captions, boxes, chart places).
struct FicheTemplate: Sendable {
    /// The page templates, in page order, with their file.
    let pages: [(url: URL, template: MustacheTemplate)]

    /// The page files of `directory` (`assets/fiche`): `page-1.mustache`, `page-2.mustache`, … in order.
    static func pageFiles(in directory: URL) -> [URL] {
        var out: [URL] = []
        for n in 1...99 {
            let url = directory.appendingPathComponent("page-\(n).mustache")
            guard FileManager.default.fileExists(atPath: url.path) else { break }
            out.append(url)
        }
        return out
    }

    /// Parses every page template of `directory` once.
    init(directory: URL) throws {
        let files = Self.pageFiles(in: directory)
        guard !files.isEmpty else { throw FicheTemplateError.missingPage(directory.appendingPathComponent("page-1.mustache")) }
        pages = try files.map { url in
            let text = try String(contentsOf: url, encoding: .utf8)
            do {
                // Plain-text mode: values are inserted as they are (no HTML escaping).
                return (url, try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text))
            } catch {
                throw FicheTemplateError.invalidTemplate(url, plainTemplateError(error))
            }
        }
    }

    /// The blocks of each page, filled with `values`.
    func render(_ values: [String: Any]) throws -> [[TemplateBlock]] {
        try pages.map { page in
            try Self.parse(page.template.render(values), file: page.url.lastPathComponent)
        }
    }

    /// Reads the filled-in text of one page into blocks.
    static func parse(_ text: String, file: String = "template") throws -> [TemplateBlock] {
        var stack: [(kind: String, title: String, blocks: [TemplateBlock])] = [("page", "", [])]
        var paragraph: [String] = []
        var list: [String] = []
        func emit(_ b: TemplateBlock) { stack[stack.count - 1].blocks.append(b) }
        func flush() {
            if !paragraph.isEmpty { emit(.paragraph(paragraph.joined(separator: " "))); paragraph = [] }
            if !list.isEmpty { emit(.list(list)); list = [] }
        }
        // Standard-library splitting and trimming: Foundation's `components(separatedBy:)` and
        // `trimmingCharacters(in:)` bridge through NSString on Linux and cost more than the
        // rest of the parse, which runs for every page of every fiche.
        // Split on the byte, not the Character: "\r\n" is one Character and would not split.
        for (n, bytes) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let raw = Substring(bytes)
            let line = Self.trimmingSpaces(raw)
            if line.isEmpty || line.hasPrefix("%%") { flush(); continue }
            if line.hasPrefix("- ") {
                if !paragraph.isEmpty { flush() }
                list.append(String(line.dropFirst(2)))
                continue
            }
            if !list.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("@"), !line.hasPrefix(">"), !line.hasPrefix("!"), raw.hasPrefix("  ") {
                list[list.count - 1] += " " + line  // continuation of a list item
                continue
            }
            if line.hasPrefix("## ") { flush(); emit(.subtitle(String(line.dropFirst(3)))); continue }
            if line.hasPrefix("# ") { flush(); emit(.title(String(line.dropFirst(2)))); continue }
            if line.hasPrefix("> ") { flush(); emit(.caption(String(line.dropFirst(2)))); continue }
            if line.hasPrefix("! ") { flush(); emit(.note(String(line.dropFirst(2)))); continue }
            if line.hasPrefix("@") {
                flush()
                let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
                let name = parts[0], rest = parts.count > 1 ? parts[1] : ""
                let args = rest.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                func bad(_ expected: String) -> FicheTemplateError {
                    .invalidDirective(file: file, line: n + 1, text: line, expected: expected)
                }
                switch name {
                case "partenaires": emit(.partnersChart)
                case "activites": emit(.activitiesChart)
                case "departements": emit(.departementsChart)
                case "annees": emit(.yearsChart)
                case "sankey": emit(try sankey(args, bad: bad))
                case "encadre": stack.append(("box", rest, []))
                case "total": stack.append(("total", "", []))
                case "fin":
                    guard stack.count > 1 else { throw bad("@fin only after @encadre or @total") }
                    let box = stack.removeLast()
                    emit(box.kind == "box" ? .box(title: box.title, blocks: box.blocks) : .totals(box.blocks))
                case "bas": emit(.bottom)
                case "signature": emit(.signOff)
                case "couverture":
                    emit(.coverTitle(title: args.first ?? "", subtitle: args.count > 1 ? args[1] : ""))
                default:
                    throw bad("one of @partenaires, @activites, @departements, @annees, @sankey, @encadre, @total, @fin, @bas, @signature, @couverture")
                }
                continue
            }
            if !list.isEmpty { flush() }
            paragraph.append(line)
        }
        flush()
        guard stack.count == 1 else {
            throw FicheTemplateError.invalidDirective(file: file, line: text.components(separatedBy: "\n").count,
                                                     text: "@\(stack.last!.kind == "box" ? "encadre" : "total")", expected: "a closing @fin")
        }
        return stack[0].blocks
    }

    /// `@sankey exports|imports departement|region|france | left heading | right heading`, its
    /// flow and territory typed; `bad` makes the error naming the line.
    static func sankey(_ args: [String], bad: (String) -> FicheTemplateError) throws -> TemplateBlock {
        let words = (args.first ?? "").split(separator: " ").map(String.init)
        guard words.count == 2 else {
            throw bad("@sankey exports|imports departement|region|france | left heading | right heading")
        }
        guard let flow = tradeFlow(named: words[0]) else {
            throw bad("the flow 'exports' or 'imports' after @sankey, not '\(words[0])'")
        }
        guard let territory = TerritoryKind(rawValue: words[1]) else {
            throw bad("the territory 'departement', 'region' or 'france' after the flow, not '\(words[1])'")
        }
        return .sankey(flow: flow, territory: territory, leftHeading: args.count > 1 ? args[1] : "",
                       rightHeading: args.count > 2 ? args[2] : "")
    }

    /// The flow a template names: `exports` or `imports`.
    static func tradeFlow(named word: String) -> TradeFlow? {
        switch word {
        case "exports": return .exports
        case "imports": return .imports
        default: return nil
        }
    }

    /// `line` without its leading and trailing spaces: tabs and the Unicode space separators
    /// (general category Zs, no-break space included), as `CharacterSet.whitespaces` trims.
    static func trimmingSpaces(_ line: Substring) -> String {
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == "\t" || c.properties.generalCategory == .spaceSeparator }
        let scalars = line.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}

/// Inline marks of the template text: `**bold**`, `*italic*`, `[text](url)` or
/// `[text](url "purpose")`; `\\*` is a plain star.
struct InlineRun: Equatable, Sendable {
    var text: String
    var bold = false
    var italic = false
    var link: String?
    /// What the link is for, as a screen reader says it (the link's `/Contents`).
    var linkPurpose: String?

    /// Splits `source` into runs.
    static func parse(_ source: String) -> [InlineRun] {
        // Text without a mark is one run: not split into characters (most paragraphs, each
        // parsed once a fiche).
        guard source.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "[") }) else {
            return source.isEmpty ? [] : [InlineRun(text: source)]
        }
        var runs: [InlineRun] = []
        var current = ""
        var bold = false, italic = false
        let chars = Array(source)
        var i = 0
        func push() {
            if !current.isEmpty { runs.append(InlineRun(text: current, bold: bold, italic: italic)); current = "" }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {  // \* prints a star
                current.append(chars[i + 1]); i += 2; continue
            }
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*" {
                push(); bold.toggle(); i += 2; continue
            }
            if c == "*" { push(); italic.toggle(); i += 1; continue }
            if c == "[", let close = chars[i...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
               let end = chars[(close + 1)...].firstIndex(of: ")") {
                push()
                // `(url "purpose")`: the address, then its purpose in straight double quotes.
                let target = String(chars[(close + 2)..<end])
                var link = target, purpose: String?
                // (The space may have become a no-break space where a paragraph's last words are tied.)
                if let space = target.firstIndex(where: { $0 == " " || $0 == "\u{00A0}" }), target.hasSuffix("\""),
                   target[target.index(after: space)...].hasPrefix("\"") {
                    link = String(target[..<space])
                    purpose = String(target[target.index(space, offsetBy: 2)..<target.index(before: target.endIndex)])
                }
                runs.append(InlineRun(text: String(chars[(i + 1)..<close]), bold: bold, italic: italic,
                                      link: link, linkPurpose: purpose))
                i = end + 1
                continue
            }
            current.append(c)
            i += 1
        }
        push()
        return runs
    }
}

extension TemplateBlock {
    /// Every link of `pages` with its purpose: the one written in the template
    /// (`[text](url "purpose")`), else the link's text when it is not the address itself.
    static func linkPurposes(_ pages: [[TemplateBlock]]) -> [String: String] {
        var purposes: [String: String] = [:]
        func visit(_ text: String) {
            // Most paragraphs hold no link: not parsed (this runs over every page of every fiche).
            guard text.utf8.contains(UInt8(ascii: "[")) else { return }
            for run in InlineRun.parse(text) {
                guard let link = run.link, purposes[link] == nil else { continue }
                if let purpose = run.linkPurpose { purposes[link] = purpose } else if run.text != link && !link.hasSuffix(run.text) {
                    purposes[link] = run.text
                }
            }
        }
        func visit(_ block: TemplateBlock) {
            switch block {
            case let .paragraph(t), let .caption(t), let .note(t): visit(t)
            case let .list(items): items.forEach(visit)
            case let .box(_, blocks), let .totals(blocks): blocks.forEach(visit)
            default: break
            }
        }
        pages.joined().forEach(visit)
        return purposes
    }
}
