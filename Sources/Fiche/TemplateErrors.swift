import Mustache

/// A Mustache template error said in plain words, with its line and column, rather than the
/// parser's dump (`ParserError(context: Mustache.MustacheParserContext(…), error: …)`).
package func plainTemplateError(_ error: any Error) -> String {
    let context: MustacheParserContext, cause: any Error
    if let parsed = error as? MustacheTemplate.ParserError {
        (context, cause) = (parsed.context, parsed.error)
    } else if let parsed = error as? MustacheLibrary.ParserError {
        (context, cause) = (parsed.context, parsed.error)
    } else {
        return "\(error)"
    }
    let line = context.line.trimmingCharacters(in: .whitespaces)
    return "line \(context.lineNumber), column \(context.columnNumber): \(reason(cause)) (in “\(line.prefix(80))”)"
}

private func reason(_ error: any Error) -> String {
    guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
    switch error {
    case .sectionCloseNameIncorrect: return "a section is closed with another name than the one it was opened with"
    case .unfinishedName: return "a tag is not finished (a missing }}?)"
    case .expectedSectionEnd: return "a section opened with {{#…}} or {{^…}} is never closed with {{/…}}"
    case .invalidSetDelimiter: return "an invalid change of delimiters"
    case .transformAppliedToInheritanceSection: return "a transform applied to an inheritance section"
    case .illegalTokenInsideInheritSection: return "a tag not allowed inside an inheritance section"
    case .textInsideInheritSection: return "text inside an inheritance section"
    case .invalidConfigVariableSyntax: return "an invalid {{% … }} configuration tag"
    case .unrecognisedConfigVariable: return "an unknown {{% … }} configuration tag"
    @unknown default: return "\(error)"
    }
}
