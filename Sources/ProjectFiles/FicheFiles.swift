#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where fiches go: file names from territory names and the default output folder.
package enum FicheFiles {
    /// A file-name slug: lower case, accents removed, anything else a hyphen.
    /// "Val-d'Oise" → "val-d-oise", "Côte-d'Or" → "cote-d-or".
    package static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
            .replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
        var result = ""
        var lastWasHyphen = true
        for scalar in folded.unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                result.unicodeScalars.append(scalar)
                lastWasHyphen = false
            } else if !lastWasHyphen {
                result.append("-")
                lastWasHyphen = true
            }
        }
        if result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// The fiche's file name: `95-val-d-oise.pdf`.
    package static func fileName(code: String, name: String) -> String {
        "\(code)-\(slug(name)).pdf"
    }

    /// The default folder of a year's région fiches: `output/<year>/regions/`.
    package static func defaultRegionDirectory(year: Int) -> URL {
        defaultDirectory(year: year).appendingPathComponent("regions")
    }

    /// The default output folder of a year: `output/<year>/` under the current directory.
    package static func defaultDirectory(year: Int) -> URL {
        URL(fileURLWithPath: "output").appendingPathComponent(String(year))
    }
}
