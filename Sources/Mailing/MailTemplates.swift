// The editable e-mail text: `assets/mail/` holds the subject, the plain-text body and the
// HTML alternative as Mustache templates; Swift only fills in names and figures.

import FrenchNumbers
import Foundation
import ProjectFiles
import Mustache

/// Why templates could not be loaded or rendered.
enum MailTemplateError: Error, CustomStringConvertible {
    case missingTemplate(URL)
    case invalidTemplate(URL, String)

    package var description: String {
        switch self {
        case let .missingTemplate(url): return "missing e-mail template \(url.path)"
        case let .invalidTemplate(url, why): return "\(url.path): \(why)"
        }
    }
}

/// What a message's text is made from: placeholders offered to the templates.
struct MessageContent: Sendable {
    /// The recipient's name, nil in a message addressed to several people (`--group`).
    var recipientName: String?
    var departementCode: String
    var departementName: String
    var region: String?
    var year: Int
    var exportsEUR: Double?
    var importsEUR: Double?
    var fileName: String
    /// Whether the fiche is a région's (`departementCode` is then its INSEE code).
    var isRegion = false

    init(
        recipientName: String?, departementCode: String, departementName: String, region: String?, year: Int,
        exportsEUR: Double?, importsEUR: Double?, fileName: String
    ) {
        self.recipientName = recipientName
        self.departementCode = departementCode
        self.departementName = departementName
        self.region = region
        self.year = year
        self.exportsEUR = exportsEUR
        self.importsEUR = importsEUR
        self.fileName = fileName
    }

    /// The placeholders, by name, as the templates see them (documented in `assets/mail/README.md`).
    /// Names are written as on the fiche (`Val-d’Oise`, never `Val-d'Oise`), and the customs région
    /// of the overseas départements, no INSEE région, as the fiche names it.
    var placeholders: [String: Any] {
        let region = region.map(Self.asOnTheFiche)
        let overseas = ["9A", "9B", "9C", "9D", "9E", "971", "972", "973", "974", "976"].contains(departementCode)
        let name = Self.asOnTheFiche(departementName)
        var values: [String: Any] = [
            "has_recipient_name": recipientName != nil,
            "recipient_name": recipientName ?? "",
            "departement_code": isRegion ? departementCode : Self.readerCode(departementCode),
            "departement_name": name,
            "is_region": isRegion,
            "du_territoire": isRegion ? "de la région" : "du département",
            "territoire_de": (isRegion ? "de la région " : "du département ") + name,
            "has_region": region != nil,
            "region": region ?? "",
            "region_de": region == nil ? "" : overseas ? "de l’ensemble des départements d’outre-mer" : "de la région " + region!,
            "year": String(year),
            "file_name": fileName,
            "has_figures": exportsEUR != nil && importsEUR != nil,
        ]
        if let exportsEUR, let importsEUR {
            let balance = exportsEUR - importsEUR
            values["exports_millions"] = FrenchNumber.millionsOfEuros(exportsEUR, unit: false)
            values["imports_millions"] = FrenchNumber.millionsOfEuros(importsEUR, unit: false)
            values["balance_millions"] = FrenchNumber.millionsOfEuros(balance.magnitude, unit: false)
            values["balance_is_surplus"] = balance >= 0
        }
        return values
    }

    /// The code readers know a département by, as on its fiche (INSEE's): 974 for customs 9D,
    /// «2A, 2B» for Corse (customs 20). The manifest keys fiches by customs code.
    static func readerCode(_ customs: String) -> String {
        let insee = ["9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "976", "20": "2A, 2B"]
        return insee[customs] ?? customs
    }

    /// `name` with the fiche's typographic apostrophe (’) for the typewriter one (').
    static func asOnTheFiche(_ name: String) -> String { name.replacingOccurrences(of: "'", with: "’") }
}

/// A rendered subject and bodies.
struct RenderedText: Sendable, Equatable {
    var subject: String
    var text: String
    var html: String
}

/// The three templates of `assets/mail/`: `subject.mustache`, `message.txt.mustache`,
/// `message.html.mustache`.
package struct MailTemplates: Sendable {
    let subject: MustacheTemplate
    let text: MustacheTemplate
    let html: MustacheTemplate

    /// File names inside the mail assets folder.
    static let subjectFile = "subject.mustache"
    static let textFile = "message.txt.mustache"
    static let htmlFile = "message.html.mustache"

    /// Loads the templates from `directory` (the `assets/mail` folder).
    package init(directory: URL) throws {
        func load(_ name: String, plainText: Bool) throws -> MustacheTemplate {
            let url = directory.appendingPathComponent(name)
            guard let source = try? String(contentsOf: url, encoding: .utf8) else { throw MailTemplateError.missingTemplate(url) }
            // Plain text must not be HTML-escaped ("Val-d'Oise", not "Val-d&#39;Oise"), whatever
            // braces the editor used.
            let prefixed = plainText ? "{{% CONTENT_TYPE: TEXT}}" + source : source
            do { return try MustacheTemplate(string: prefixed) } catch { throw MailTemplateError.invalidTemplate(url, "\(error)") }
        }
        subject = try load(Self.subjectFile, plainText: true)
        text = try load(Self.textFile, plainText: true)
        html = try load(Self.htmlFile, plainText: false)
    }

    /// Renders subject and bodies for `content`. The subject is reduced to one line.
    func render(_ content: MessageContent) -> RenderedText {
        let values = content.placeholders
        let subjectLine = subject.render(values)
            .components(separatedBy: .newlines)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        return RenderedText(subject: subjectLine, text: text.render(values), html: html.render(values))
    }
}
