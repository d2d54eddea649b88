// The editable e-mail text: `assets/mail/` holds the subject, the plain-text body and the
// HTML alternative as Mustache templates; Swift only fills in names and figures.

import FrenchNumbers
import Foundation
import ProjectFiles
import Mustache

/// Why templates could not be loaded or rendered.
public enum MailTemplateError: Error, CustomStringConvertible {
    case missingTemplate(URL)
    case invalidTemplate(URL, String)
    case assetsNotFound([String])

    public var description: String {
        switch self {
        case let .missingTemplate(url): return "missing e-mail template \(url.path)"
        case let .invalidTemplate(url, why): return "\(url.path): \(why)"
        case let .assetsNotFound(tried):
            return "no assets/mail folder found (give --assets DIR or set FICHE_ASSETS); looked in: " + tried.joined(separator: ", ")
        }
    }
}

/// What a message's text is made from: placeholders offered to the templates.
public struct MessageContent: Sendable {
    /// The recipient's name, nil in a message addressed to several people (`--group`).
    public var recipientName: String?
    public var departementCode: String
    public var departementName: String
    public var region: String?
    public var year: Int
    public var exportsEUR: Double?
    public var importsEUR: Double?
    public var fileName: String

    public init(
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
    public var placeholders: [String: Any] {
        var values: [String: Any] = [
            "has_recipient_name": recipientName != nil,
            "recipient_name": recipientName ?? "",
            "departement_code": departementCode,
            "departement_name": departementName,
            "has_region": region != nil,
            "region": region ?? "",
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
}

/// A rendered subject and bodies.
public struct RenderedText: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String
}

/// The three templates of `assets/mail/`: `subject.mustache`, `message.txt.mustache`,
/// `message.html.mustache`.
public struct MailTemplates: Sendable {
    public let subject: MustacheTemplate
    public let text: MustacheTemplate
    public let html: MustacheTemplate

    /// File names inside the mail assets folder.
    public static let subjectFile = "subject.mustache"
    public static let textFile = "message.txt.mustache"
    public static let htmlFile = "message.html.mustache"

    /// Loads the templates from `directory` (the `assets/mail` folder).
    public init(directory: URL) throws {
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
    public func render(_ content: MessageContent) -> RenderedText {
        let values = content.placeholders
        let subjectLine = subject.render(values)
            .components(separatedBy: .newlines)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        return RenderedText(subject: subjectLine, text: text.render(values), html: html.render(values))
    }
}

/// Finds the `assets` folder at run time.
public enum AssetLocator {
    /// The `assets` folder: `explicit` (from `--assets`) if given, else `$FICHE_ASSETS`, else the
    /// first `assets/` holding `mail/` found walking up from the current directory, then from
    /// the executable's folder.
    public static func assetsDirectory(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String? = CommandLine.arguments.first
    ) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let fromEnv = environment["FICHE_ASSETS"], !fromEnv.isEmpty { return URL(fileURLWithPath: fromEnv) }
        let search = ProjectFolder.find("assets", holding: "mail",
                                        from: ProjectFolder.standardStarts(currentDirectory: currentDirectory, executable: executable))
        if let found = search.found { return found }
        throw MailTemplateError.assetsNotFound(search.tried)
    }
}
